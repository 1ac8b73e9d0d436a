"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import type { Run } from "./run-list";

export function RunCard({ run, onRetry }: { run: Run; onRetry: () => void }) {
  return (
    <article
      aria-label={`Generation: ${run.settings.prompt}`}
      aria-busy={run.status === "pending"}
      className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <p className="line-clamp-2 text-sm text-zinc-700 dark:text-zinc-200">{run.settings.prompt}</p>
      {run.status === "pending" && <Pending startedAt={run.startedAt} />}
      {run.status === "failed" && run.error && (
        <div className="mt-3 flex flex-wrap items-center justify-between gap-3 rounded-lg bg-red-50 p-3 dark:bg-red-950/50">
          <p role="alert" className="text-sm text-red-800 dark:text-red-200">
            {run.error.message}
          </p>
          {run.error.retryable && (
            <Button variant="secondary" onClick={onRetry}>
              Retry
            </Button>
          )}
        </div>
      )}
      {run.status === "succeeded" && run.view && (
        <>
          <div className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-2">
            {run.view.images.map((image, index) => (
              // Outputs are inline bytes of any size; next/image would only re-encode them.
              <img
                key={index}
                src={image.src}
                width={image.width}
                height={image.height}
                alt={`Result ${index + 1} of “${run.view?.prompt}”`}
                className="h-auto w-full rounded-lg bg-zinc-100 dark:bg-zinc-800"
              />
            ))}
          </div>
          <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-300">
            {run.view.engine} · {(run.view.elapsedMs / 1000).toFixed(1)} s
            {run.view.seed !== null && ` · seed ${run.view.seed}`}
            {run.view.creditsUsed !== null && ` · ${run.view.creditsUsed.toLocaleString("en")} credits`}
          </p>
        </>
      )}
    </article>
  );
}

function Pending({ startedAt }: { startedAt: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(timer);
  }, []);
  return (
    <p className="mt-3 flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-300" role="status">
      <span className="size-2 animate-pulse rounded-full bg-sky-500" aria-hidden />
      Generating… {((now - startedAt) / 1000).toFixed(1)} s
    </p>
  );
}

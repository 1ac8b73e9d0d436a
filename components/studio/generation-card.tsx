"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { isPending, type GenerationView, type ImageView } from "@/lib/gallery/view";
import { EDIT_MODEL } from "@/lib/seedream/limits";
import { ImageTile } from "./image-tile";

interface GenerationCardProps {
  generation: GenerationView;
  onCancel: (generation: GenerationView) => void;
  onRetry: (generation: GenerationView) => void;
  onUseAsInput: (image: ImageView) => void;
  onDelete: (image: ImageView) => void;
}

export function GenerationCard({ generation, onCancel, onRetry, onUseAsInput, onDelete }: GenerationCardProps) {
  const pending = isPending(generation);
  const isEdit = generation.model === EDIT_MODEL;
  return (
    <article
      aria-label={`Generation: ${generation.prompt}`}
      aria-busy={pending}
      className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      {isEdit && (
        <ol className="mb-2 flex gap-1" aria-label="Inputs of this edit">
          {generation.inputImageIds.map((id, index) => (
            <li key={`${id}-${index}`}>
              <img
                src={`/api/images/${id}/thumbnail`}
                alt={`Input ${index + 1}`}
                loading="lazy"
                className="size-10 rounded object-cover ring-1 ring-zinc-200 dark:ring-zinc-700"
              />
            </li>
          ))}
        </ol>
      )}
      <p className="line-clamp-2 text-sm text-zinc-700 dark:text-zinc-200">{generation.prompt}</p>
      {pending && (
        <div className="mt-3 flex items-center justify-between gap-3">
          <Elapsed since={generation.createdAt} />
          <Button variant="secondary" onClick={() => onCancel(generation)}>
            Cancel
          </Button>
        </div>
      )}
      {generation.status === "canceled" && <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-300">Canceled.</p>}
      {generation.error && generation.status !== "canceled" && (
        <div className="mt-3 flex flex-wrap items-center justify-between gap-3 rounded-lg bg-red-50 p-3 dark:bg-red-950/50">
          <p role="alert" className="text-sm text-red-800 dark:text-red-200">
            {generation.error.message}
          </p>
          {generation.error.retryable && (
            <Button variant="secondary" onClick={() => onRetry(generation)}>
              Retry
            </Button>
          )}
        </div>
      )}
      {generation.outputs.length > 0 && (
        <>
          <div className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-2">
            {generation.outputs.map((image, index) => (
              <ImageTile
                key={image.id}
                image={image}
                label={`Result ${index + 1} of “${generation.prompt}”`}
                onUseAsInput={onUseAsInput}
                onDelete={onDelete}
              />
            ))}
          </div>
          <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-300">
            {generation.outputs[0]!.width}×{generation.outputs[0]!.height}
            {generation.finishedAt && generation.startedAt && ` · ${((generation.finishedAt - generation.startedAt) / 1000).toFixed(1)} s`}
            {generation.seed !== null && ` · seed ${generation.seed}`}
            {generation.creditsUsed !== null && ` · ${generation.creditsUsed.toLocaleString("en")} credits`}
          </p>
        </>
      )}
    </article>
  );
}

function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(timer);
  }, []);
  return (
    <p className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-300" role="status">
      <span className="size-2 animate-pulse rounded-full bg-sky-500" aria-hidden />
      Generating… {(Math.max(0, now - since) / 1000).toFixed(1)} s
    </p>
  );
}

"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { imageLabel, imageUrls, isPending, type GenerationView } from "@/lib/shared/gallery/view";
import { MODEL_SPECS, modelLabel, STUDIO_MODELS, studioModelOf } from "@/lib/shared/seedream/models";
import type { ImageActions } from "./image-actions";
import { OPTIMISTIC_PREFIX } from "@/components/studio/data/queries";
import { ImageTile } from "./image-tile";
import { RegionNote } from "@/components/studio/marks/region-note";

interface GenerationCardProps {
  generation: GenerationView;
  onCancel: (generation: GenerationView) => void;
  onRetry: (generation: GenerationView) => void;
  actions: ImageActions;
  hiddenIds: ReadonlySet<string>;
}

export function GenerationCard({ generation, onCancel, onRetry, actions, hiddenIds }: GenerationCardProps) {
  const outputs = generation.outputs.filter((image) => !hiddenIds.has(image.id));
  const pending = isPending(generation);
  const isEdit = generation.inputImageIds.length > 0;
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
                src={imageUrls(id).thumbnailUrl}
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
          {/* Until the server has recorded the job there is nothing to cancel; the button waits for its id. */}
          <Button variant="secondary" disabled={generation.id.startsWith(OPTIMISTIC_PREFIX)} onClick={() => onCancel(generation)}>
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
          {/* A partial success keeps its images; Retry would pay for all of them again. */}
          {generation.error.retryable && generation.status !== "succeeded" && (
            <Button variant="secondary" onClick={() => onRetry(generation)}>
              Retry
            </Button>
          )}
        </div>
      )}
      {outputs.length > 0 && (
        <>
          <div className={`mt-3 grid gap-3 ${outputs.length > 1 ? "grid-cols-2" : "grid-cols-1 sm:max-w-md"}`}>
            {outputs.map((image) => (
              <ImageTile
                key={image.id}
                image={image}
                generation={generation}
                label={imageLabel(image, generation)}
                actions={actions}
              />
            ))}
          </div>
          <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-300">
            {modelLabel(generation.model)} · {outputs[0]!.width}×{outputs[0]!.height}
            {generation.finishedAt && generation.startedAt && ` · ${((generation.finishedAt - generation.startedAt) / 1000).toFixed(1)} s`}
            {generation.seed !== null && ` · seed ${generation.seed}`}
            {generation.creditsUsed !== null && ` · ${generation.creditsUsed.toLocaleString("en")} credits`}
          </p>
          <RegionNote region={generation.region} />
          <TryOnModel generation={generation} actions={actions} />
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

/** "Try on Seedream 4.5": this step again on each other model, so the two can be compared. */
function TryOnModel({ generation, actions }: { generation: GenerationView; actions: ImageActions }) {
  const current = studioModelOf(generation.model);
  const others = STUDIO_MODELS.filter((model) => model !== current && generation.inputImageIds.length <= MODEL_SPECS[model].inputsMax);
  if (others.length === 0) return null;
  return (
    <div role="group" aria-label="Try on another model" className="mt-2 flex flex-wrap gap-1.5">
      {others.map((model) => (
        <Button key={model} variant="secondary" onClick={() => actions.tryOnModel(generation, model)}>
          Try on {MODEL_SPECS[model].name}
        </Button>
      ))}
    </div>
  );
}

"use client";

import { Button } from "@/components/ui/button";
import { CloseIcon } from "@/components/ui/icons";
import { imageLabel, imageUrls, isPending, type GenerationView, type ImageView } from "@/lib/shared/gallery/view";
import { modelLabel } from "@/lib/shared/seedream/models";
import { formatCredits } from "@/lib/shared/seedream/pricing";
import { OPTIMISTIC_PREFIX } from "@/components/studio/data/queries";
import { errorSentence } from "./error-sentence";
import type { ImageActions } from "./image-actions";
import { ImageTile } from "./image-tile";
import { PendingTiles } from "./pending-tiles";
import { regionSentence } from "@/components/studio/marks/region-note";

export interface CardCallbacks {
  onCancel: (generation: GenerationView) => void;
  onRetry: (generation: GenerationView) => void;
  onDismiss: (generation: GenerationView) => void;
  actions: ImageActions;
}

interface GenerationCardProps extends CardCallbacks {
  generation: GenerationView;
  /** The images still shown (a deleted one waits out its undo hidden). */
  outputs: ImageView[];
  widths: number[];
  width: number;
  tileHeight: number;
  /** When this job, still on its way, counts as taking longer than usual. */
  slowAfterMs: number;
}

/** One job as a block of the gallery: its images (or their placeholders, or why it failed), then a caption. */
export function GenerationCard(props: GenerationCardProps) {
  const { generation, outputs, widths, width, tileHeight, actions } = props;
  const pending = isPending(generation);
  const failed = generation.status === "failed" || generation.status === "canceled";
  return (
    <article aria-label={`Generation: ${generation.prompt}`} aria-busy={pending} className="flex flex-col gap-1" style={{ width }}>
      <div className="flex gap-1.5" style={{ height: tileHeight }}>
        {pending ? (
          <PendingTiles
            generation={generation}
            widths={widths}
            slowAfterMs={props.slowAfterMs}
            onCancel={() => props.onCancel(generation)}
            cancelable={!generation.id.startsWith(OPTIMISTIC_PREFIX)}
          />
        ) : failed ? (
          <Failure generation={generation} onRetry={() => props.onRetry(generation)} onDismiss={() => props.onDismiss(generation)} />
        ) : (
          outputs.map((image, index) => (
            <ImageTile
              key={image.id}
              image={image}
              generation={generation}
              label={imageLabel(image, generation)}
              actions={actions}
              width={widths[index] ?? tileHeight}
              height={tileHeight}
            />
          ))
        )}
      </div>
      <Caption generation={generation} outputs={outputs} />
    </article>
  );
}

/** What failed, in one sentence that fits the request, with Retry (when it can help) and Dismiss. */
function Failure({ generation, onRetry, onDismiss }: { generation: GenerationView; onRetry: () => void; onDismiss: () => void }) {
  const canceled = generation.status === "canceled";
  return (
    <div
      className={`relative flex size-full flex-col justify-between gap-2 overflow-y-auto rounded-lg p-3 ${
        canceled ? "bg-zinc-100 dark:bg-zinc-900" : "bg-red-50 dark:bg-red-950/50"
      }`}
    >
      <button
        type="button"
        onClick={onDismiss}
        aria-label="Dismiss"
        title="Dismiss: remove this card"
        className="absolute top-1 right-1 inline-flex size-8 items-center justify-center rounded-lg text-zinc-700 hover:bg-black/5 focus-visible:outline-2 focus-visible:outline-sky-500 pointer-coarse:size-11 dark:text-zinc-200 dark:hover:bg-white/10"
      >
        <CloseIcon />
      </button>
      {canceled ? (
        <p className="pr-8 text-sm text-zinc-700 dark:text-zinc-200">Canceled.</p>
      ) : (
        <p role="alert" className="pr-8 text-sm leading-snug text-red-800 dark:text-red-200">
          {errorSentence(generation)}
        </p>
      )}
      {(canceled || generation.error?.retryable) && (
        <Button variant="secondary" onClick={onRetry} className="self-start px-3 py-1.5 pointer-coarse:min-h-11">
          Retry
        </Button>
      )}
    </div>
  );
}

function Caption({ generation, outputs }: { generation: GenerationView; outputs: ImageView[] }) {
  const isEdit = generation.inputImageIds.length > 0;
  const seconds = generation.finishedAt && generation.startedAt ? `${((generation.finishedAt - generation.startedAt) / 1000).toFixed(1)} s` : null;
  const size = outputs[0] ? `${outputs[0].width}×${outputs[0].height}` : null;
  const cost = generation.creditsUsed !== null && generation.status === "succeeded" ? costOf(generation.creditsUsed, outputs.length) : null;
  const model = outputs[0] ? modelLabel(generation.model) : null;
  // An edit with a painted region says whether its outside is the original's.
  const details = [model, size, seconds, generation.seed !== null && `seed ${generation.seed}`, cost, regionSentence(generation.region)].filter(Boolean).join(" · ");
  return (
    <div className="flex h-9 min-w-0 items-start gap-1.5">
      {isEdit && (
        <ol className="flex shrink-0 -space-x-1.5" aria-label="Inputs of this edit">
          {generation.inputImageIds.slice(0, 3).map((id, index) => (
            <li key={`${id}-${index}`}>
              <img
                src={imageUrls(id).thumbnailUrl}
                alt={`Input ${index + 1}`}
                loading="lazy"
                className="size-5 rounded object-cover ring-2 ring-zinc-50 dark:ring-zinc-950"
              />
            </li>
          ))}
        </ol>
      )}
      <div className="min-w-0 flex-1">
        <p dir="auto" title={generation.prompt} className="truncate text-xs text-zinc-800 dark:text-zinc-200">
          {generation.prompt}
        </p>
        <p title={details} className="truncate text-[11px] tabular-nums text-zinc-600 dark:text-zinc-400">
          {details}
        </p>
      </div>
    </div>
  );
}

/** The run's cost in credits and dollars, and per image when there are several. */
export function costOf(credits: number, images: number): string {
  const run = formatCredits(credits);
  return images > 1 ? `${run}, ${formatCredits(credits / images)} each` : run;
}

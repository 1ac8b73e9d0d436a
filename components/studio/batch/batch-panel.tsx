"use client";

import { useId, useRef, useState } from "react";
import { isPending, type GenerationView, type ImageView } from "@/lib/shared/gallery/view";
import { estimatedCredits, formatCredits } from "@/lib/shared/seedream/pricing";
import { Button } from "@/components/ui/button";
import { errorOf, useCancelGeneration, useRetryGeneration, useStartGeneration } from "@/components/studio/data/mutations";
import { batchProgress, progressSentence, retryable, type BatchJob } from "./batch-progress";
import { downloadBatchZip } from "./download-batch";
import { batchSettings } from "./batch-settings";
import type { BatchSupport } from "./selection";

interface BatchPanelProps {
  selected: readonly ImageView[];
  support: BatchSupport;
  onClearSelection: () => void;
  onClose: () => void;
}

/** Every button here is a full touch target on a touch screen. */
const TOUCH = "pointer-coarse:min-h-11";

const isPendingStatus = (status: GenerationView["status"] | null) => status !== null && isPending({ status });

interface BatchRun {
  prompt: string;
  jobs: BatchJob[];
}

/**
 * One prompt over every selected image, each its own job with the composer's size, count and seed
 * (the same seed for all when it is locked): the total cost before it runs, then one progress count
 * for the batch, Cancel all, Retry failed and Download all.
 */
export function BatchPanel({ selected, support, onClearSelection, onClose }: BatchPanelProps) {
  const [prompt, setPrompt] = useState("");
  const [run, setRun] = useState<BatchRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // On a phone the panel starts as one bar, so the results keep the screen; the edit opens on demand.
  const [editShown, setEditShown] = useState(false);
  const folded = editShown ? "" : "max-sm:hidden";
  const editId = useId();
  const start = useStartGeneration();
  const retry = useRetryGeneration();
  const cancel = useCancelGeneration();
  // Cancel all reaches the jobs still being sent too: the sending loop reads this after each one.
  const cancelRequested = useRef(false);

  const generations = new Map(
    support.items.flatMap((item): Array<[string, GenerationView]> => (item.kind === "generation" ? [[item.generation.id, item.generation]] : [])),
  );
  const statusOf = (id: string) => generations.get(id)?.status ?? null;
  const settings = batchSettings(support.form, prompt.trim() || "x");
  const perImage = typeof settings === "string" ? 1 : (settings.settings.num_images ?? 1);
  const images = selected.length * perImage;
  const model = typeof settings === "string" ? undefined : settings.model;
  const count = `${selected.length} ${selected.length === 1 ? "image" : "images"}`;

  const startOne = async (imageId: string, text: string): Promise<BatchJob> => {
    const chosen = batchSettings(support.form, text);
    if (typeof chosen === "string") return { imageId, generationId: null, refusal: chosen };
    try {
      const generation = await start.mutateAsync({ ...chosen, inputImageIds: [imageId], requestId: crypto.randomUUID() });
      return { imageId, generationId: generation.id, refusal: null };
    } catch (failure) {
      return { imageId, generationId: null, refusal: errorOf(failure).message };
    }
  };

  const runAll = async () => {
    const text = prompt.trim();
    const checked = batchSettings(support.form, text);
    if (typeof checked === "string") return setError(checked);
    setError(null);
    setBusy(true);
    const jobs: BatchJob[] = selected.map((image) => ({ imageId: image.id, generationId: null, refusal: null }));
    setRun({ prompt: text, jobs });
    cancelRequested.current = false;
    // One after another: each is admitted (or refused by a quota) on its own.
    for (const [index, image] of selected.entries()) {
      jobs[index] = await sendUnlessCanceled(jobs[index]!, () => startOne(image.id, text));
      setRun({ prompt: text, jobs: [...jobs] });
    }
    setBusy(false);
    onClearSelection();
  };

  /** The job sent, or kept back once Cancel all has been pressed; one sent meanwhile is canceled as it answers. */
  const sendUnlessCanceled = async (job: BatchJob, send: () => Promise<BatchJob>): Promise<BatchJob> => {
    if (cancelRequested.current) return { imageId: job.imageId, generationId: null, refusal: null, canceledUnsent: true };
    const sent = await send();
    if (cancelRequested.current && sent.generationId) cancel.mutate(sent.generationId);
    return sent;
  };

  const cancelAll = () => {
    cancelRequested.current = true;
    if (run) pendingIds(run.jobs).forEach((id) => cancel.mutate(id));
  };

  const retryOne = async (job: BatchJob, failed: GenerationView): Promise<BatchJob> => {
    try {
      const retried = await retry.mutateAsync(failed);
      return { imageId: job.imageId, generationId: retried?.id ?? null, refusal: retried ? null : "It was sent again as a new job." };
    } catch (failure) {
      return { ...job, refusal: errorOf(failure).message };
    }
  };

  const retryFailed = async () => {
    if (!run) return;
    cancelRequested.current = false;
    setBusy(true);
    const again = retryable(run.jobs, statusOf);
    const jobs = [...run.jobs];
    for (const job of again) {
      const failed = job.generationId ? generations.get(job.generationId) : undefined;
      jobs[jobs.indexOf(job)] = await sendUnlessCanceled(job, () => (failed ? retryOne(job, failed) : startOne(job.imageId, run.prompt)));
      setRun({ prompt: run.prompt, jobs: [...jobs] });
    }
    setBusy(false);
  };

  const pendingIds = (jobs: readonly BatchJob[]) =>
    jobs.flatMap((job) => (job.generationId && isPendingStatus(statusOf(job.generationId)) ? [job.generationId] : []));
  const progress = run ? batchProgress(run.jobs, statusOf) : null;
  const outputs = run ? run.jobs.flatMap((job) => (job.generationId ? (generations.get(job.generationId)?.outputs ?? []) : [])) : [];

  return (
    <section
      aria-label="Batch edit"
      className="pointer-events-auto flex min-h-0 w-full max-w-md flex-col gap-2 overflow-y-auto rounded-xl border border-zinc-200 bg-white p-3 text-sm shadow-xl dark:border-zinc-800 dark:bg-zinc-950"
    >
      {!run || !progress ? (
        <>
          <div className="flex flex-wrap items-center gap-2">
            <p aria-live="polite" className="mr-auto font-medium">
              {selected.length === 0 ? "Shift- or Ctrl-click images (or use Select images) to pick them." : `${count} selected`}
            </p>
            {selected.length > 0 && (
              <Button variant="secondary" aria-expanded={editShown} aria-controls={editId} onClick={() => setEditShown(!editShown)} className={`${TOUCH} sm:hidden`}>
                {editShown ? "Hide the edit" : `Edit the ${count}`}
              </Button>
            )}
          </div>
          <div id={editId} className={`flex flex-col gap-2 ${folded}`}>
            <label className="flex flex-col gap-1">
              Edit for every selected image
              <textarea
                value={prompt}
                onChange={(event) => setPrompt(event.target.value)}
                rows={2}
                className="rounded-md border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
              />
            </label>
            <p className="text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
              {selected.length} {selected.length === 1 ? "job" : "jobs"} · {images} {images === 1 ? "image" : "images"} ·{" "}
              {support.engine === "local" ? "free on the offline engine" : `≈ ${formatCredits(estimatedCredits(images, model))} in all`}
            </p>
          </div>
          {error && (
            <p role="alert" className="text-red-700 dark:text-red-400">
              {error}
            </p>
          )}
          <div className="flex flex-wrap gap-2">
            <Button onClick={() => void runAll()} disabled={busy || selected.length === 0 || prompt.trim() === ""} className={`${TOUCH} ${folded}`}>
              Run on {count}
            </Button>
            <Button variant="secondary" onClick={onClearSelection} disabled={selected.length === 0} className={TOUCH}>
              Clear selection
            </Button>
            <Button variant="secondary" onClick={onClose} className={TOUCH}>
              Close
            </Button>
          </div>
        </>
      ) : (
        <>
          <p className="font-medium">Batch: “{run.prompt}”</p>
          <progress max={progress.total} value={progress.succeeded + progress.failed + progress.canceled} aria-label="Batch progress" className="w-full" />
          <p role="status">{progressSentence(progress)}</p>
          {error && (
            <p role="alert" className="text-red-700 dark:text-red-400">
              {error}
            </p>
          )}
          <div className="flex flex-wrap gap-2">
            {progress.pending > 0 && (
              <Button variant="secondary" className={TOUCH} onClick={cancelAll}>
                Cancel all
              </Button>
            )}
            {progress.failed > 0 && (
              <Button variant="secondary" className={TOUCH} onClick={() => void retryFailed()} disabled={busy}>
                Retry failed
              </Button>
            )}
            {outputs.length > 0 && (
              <Button
                variant="secondary"
                className={TOUCH}
                onClick={() => void downloadBatchZip(outputs, `batch-${new Date().toISOString().slice(0, 10)}.zip`).catch((failure: Error) => setError(failure.message))}
              >
                Download all ({outputs.length})
              </Button>
            )}
            <Button variant="secondary" className={TOUCH} onClick={() => setRun(null)} disabled={busy}>
              New batch
            </Button>
            <Button variant="secondary" className={TOUCH} onClick={onClose} disabled={busy}>
              Close
            </Button>
          </div>
        </>
      )}
    </section>
  );
}

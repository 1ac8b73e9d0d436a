import type { ImageHeader } from "./prepare-image-plan";
import type { PrepareReply, PrepareRequest } from "./prepare-image-messages";

/** ran: false when no worker could take the job, so the page does it itself. */
export type WorkerOutcome = { ran: true; prepared: Blob | null } | { ran: false };

interface Waiting {
  onPreview: (preview: Blob) => void;
  resolve: (outcome: WorkerOutcome) => void;
  reject: (error: Error) => void;
}

/** undefined: not started yet; null: this browser cannot run it (no Worker or OffscreenCanvas, or it failed to load). */
let worker: Worker | null | undefined;
let nextId = 0;
const waiting = new Map<number, Waiting>();

/** Starts the worker ahead of the first picture, so its script is loaded by the time one arrives. */
export function startPreparationWorker(): void {
  startWorker();
}

/** Prepares `file` in the worker; a failure inside it rejects, as the same work on the page would. */
export function prepareInWorker(file: Blob, header: ImageHeader | null, onPreview: (preview: Blob) => void): Promise<WorkerOutcome> {
  const running = startWorker();
  if (!running) return Promise.resolve({ ran: false });
  const id = (nextId += 1);
  return new Promise((resolve, reject) => {
    waiting.set(id, { onPreview, resolve, reject });
    running.postMessage({ id, file, header } satisfies PrepareRequest);
  });
}

function startWorker(): Worker | null {
  if (worker !== undefined) return worker;
  if (typeof Worker === "undefined" || typeof OffscreenCanvas === "undefined") return (worker = null);
  try {
    worker = new Worker(new URL("./prepare-image.worker.ts", import.meta.url), { type: "module", name: "prepare-image" });
  } catch {
    return (worker = null);
  }
  worker.addEventListener("message", (event: MessageEvent<PrepareReply>) => {
    const reply = event.data;
    const job = waiting.get(reply.id);
    if (!job) return;
    if (reply.kind === "preview") return job.onPreview(reply.preview);
    waiting.delete(reply.id);
    if (reply.kind === "done") job.resolve({ ran: true, prepared: reply.prepared });
    else job.reject(new Error(reply.reason));
  });
  // The script did not load or crashed: the page takes over every job, now and later.
  worker.addEventListener("error", () => {
    worker?.terminate();
    worker = null;
    for (const job of waiting.values()) job.resolve({ ran: false });
    waiting.clear();
  });
  return worker;
}

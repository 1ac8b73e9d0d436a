import "server-only";
import type { PostgresListener } from "@/lib/server/events/postgres-listener";

export const JOBS_CHANNEL = "studio_jobs";

/** What the processes of a deployment tell each other about jobs, over NOTIFY. */
export interface JobSignals {
  /** A job was queued or a slot came free: every runner looks for work at once instead of at its next poll. */
  wake(): void;
  /** A job was canceled: the process running it stops its provider call at once instead of at its next renewal. */
  cancel(generationId: string): void;
  onWake(handler: () => void): void;
  onCancel(handler: (generationId: string) => void): void;
}

/** Payloads are the word "wake" or "cancel:<id>": a few bytes, never a record. */
export function postgresJobSignals(listener: PostgresListener): JobSignals {
  const wakeHandlers: Array<() => void> = [];
  const cancelHandlers: Array<(generationId: string) => void> = [];
  listener.on(JOBS_CHANNEL, (payload) => {
    if (payload === "wake") for (const handler of wakeHandlers) handler();
    else if (payload.startsWith("cancel:")) for (const handler of cancelHandlers) handler(payload.slice("cancel:".length));
  });
  // Whatever was sent while the connection was down is lost: look for work now.
  listener.onReconnect(() => {
    for (const handler of wakeHandlers) handler();
  });
  const send = (payload: string) =>
    void listener.notify(JOBS_CHANNEL, payload).catch((error: unknown) => {
      // Runners also poll and renew: a lost signal only costs a moment.
      console.error("A job signal could not be sent.", error);
    });
  return {
    wake: () => send("wake"),
    cancel: (generationId) => send(`cancel:${generationId}`),
    onWake: (handler) => void wakeHandlers.push(handler),
    onCancel: (handler) => void cancelHandlers.push(handler),
  };
}

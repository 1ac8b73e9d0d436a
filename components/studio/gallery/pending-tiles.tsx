"use client";

import { useState, useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";
import type { GenerationView } from "@/lib/shared/gallery/view";

interface PendingTilesProps {
  generation: GenerationView;
  widths: number[];
  slowAfterMs: number;
  /** Until the server has recorded the job there is nothing to cancel. */
  cancelable: boolean;
  onCancel: () => void;
}

/**
 * One placeholder per requested image, shaped like it; the first says where the job is (in the queue,
 * or how long it has run) and, past the usual time, offers to keep waiting or cancel.
 */
export function PendingTiles({ generation, widths, slowAfterMs, cancelable, onCancel }: PendingTilesProps) {
  const now = useNow();
  const since = generation.startedAt ?? generation.createdAt;
  const elapsed = Math.max(0, now - generation.createdAt);
  const [keptWaiting, setKeptWaiting] = useState(false);
  const slow = !keptWaiting && elapsed >= slowAfterMs;
  const queued = generation.status === "queued";
  return (
    <>
      {widths.map((width, index) => (
        <div
          key={index}
          aria-hidden={index > 0}
          className="relative flex h-full shrink-0 flex-col justify-end overflow-hidden rounded-lg bg-zinc-200 p-2 dark:bg-zinc-800"
          style={{ width }}
        >
          <span aria-hidden className="absolute inset-0 animate-pulse bg-gradient-to-br from-zinc-100/0 via-white/40 to-zinc-100/0 motion-reduce:animate-none dark:via-white/10" />
          {index === 0 && (
            <div className="relative flex flex-col gap-1.5">
              <p role="status" className="flex items-center gap-2 text-xs font-medium text-zinc-800 dark:text-zinc-100">
                <span className="size-2 shrink-0 animate-pulse rounded-full bg-sky-500" aria-hidden />
                {queued ? "Waiting in the queue…" : `Generating… ${(Math.max(0, now - since) / 1000).toFixed(1)} s`}
              </p>
              {slow && (
                <p className="text-xs text-amber-900 dark:text-amber-200">Taking longer than usual.</p>
              )}
              <div className="flex flex-wrap gap-1.5">
                {slow && (
                  <Button variant="secondary" onClick={() => setKeptWaiting(true)} className="px-2 py-1 text-xs pointer-coarse:min-h-11">
                    Keep waiting
                  </Button>
                )}
                <Button variant="secondary" disabled={!cancelable} onClick={onCancel} className="px-2 py-1 text-xs pointer-coarse:min-h-11">
                  Cancel
                </Button>
              </div>
            </div>
          )}
        </div>
      ))}
    </>
  );
}

/**
 * One clock for every waiting card, ticking a few times a second while any is on screen: a wall of
 * queued jobs costs one timer, not one each.
 */
const clock = { now: Date.now(), listeners: new Set<() => void>(), timer: undefined as ReturnType<typeof setInterval> | undefined };

function subscribe(listener: () => void): () => void {
  clock.listeners.add(listener);
  if (clock.timer === undefined) clock.now = Date.now();
  clock.timer ??= setInterval(() => {
    clock.now = Date.now();
    for (const notify of clock.listeners) notify();
  }, 200);
  return () => {
    clock.listeners.delete(listener);
    if (clock.listeners.size === 0) {
      clearInterval(clock.timer);
      clock.timer = undefined;
    }
  };
}

function useNow(): number {
  return useSyncExternalStore(subscribe, () => clock.now, () => clock.now);
}

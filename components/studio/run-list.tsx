"use client";

import type { StudioError } from "@/lib/errors";
import type { GenerationView } from "@/lib/generation/view";
import type { GenerationSettings } from "@/lib/seedream/schema";
import { RunCard } from "./run-card";

export interface Run {
  id: string;
  settings: GenerationSettings;
  startedAt: number;
  status: "pending" | "succeeded" | "failed";
  view?: GenerationView;
  error?: StudioError;
}

interface RunListProps {
  runs: Run[];
  onRetry: (run: Run) => void;
}

export function RunList({ runs, onRetry }: RunListProps) {
  if (runs.length === 0) {
    return (
      <div className="flex h-full min-h-64 items-center justify-center rounded-xl border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-300">
        Your images will appear here. Write a prompt and press Generate.
      </div>
    );
  }
  return (
    <ol className="flex flex-col gap-4" aria-label="Generations">
      {runs.map((run) => (
        <li key={run.id}>
          <RunCard run={run} onRetry={() => onRetry(run)} />
        </li>
      ))}
    </ol>
  );
}

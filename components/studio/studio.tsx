"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { generateImages } from "@/app/actions";
import type { StudioError } from "@/lib/errors";
import type { GenerationView } from "@/lib/generation/view";
import type { GenerationSettings } from "@/lib/seedream/schema";
import { PromptForm } from "./prompt-form";
import { RunList, type Run } from "./run-list";

class ActionFailure extends Error {
  constructor(readonly studioError: StudioError) {
    super(studioError.message);
  }
}

/** The studio's working area: the form on one side, every run of this visit on the other. */
export function Studio() {
  const [runs, setRuns] = useState<Run[]>([]);
  const updateRun = (id: string, patch: Partial<Run>) =>
    setRuns((current) => current.map((run) => (run.id === id ? { ...run, ...patch } : run)));

  const generate = useMutation<GenerationView, ActionFailure, GenerationSettings, { runId: string }>({
    mutationFn: async (settings) => {
      const result = await generateImages(settings);
      if (!result.ok) throw new ActionFailure(result.error);
      return result.value;
    },
    // The card appears the moment the person asks, not when the server answers.
    onMutate: (settings) => {
      const run: Run = { id: crypto.randomUUID(), settings, startedAt: Date.now(), status: "pending" };
      setRuns((current) => [run, ...current]);
      return { runId: run.id };
    },
    onSuccess: (view, _settings, context) => updateRun(context.runId, { status: "succeeded", view }),
    onError: (error, _settings, context) => {
      if (!context) return;
      const studioError =
        error instanceof ActionFailure
          ? error.studioError
          : { code: "network" as const, message: "The studio server did not answer; check your connection and try again.", retryable: true };
      updateRun(context.runId, { status: "failed", error: studioError });
    },
  });

  return (
    <main className="mx-auto grid w-full max-w-7xl flex-1 gap-6 p-4 md:grid-cols-[minmax(18rem,26rem)_1fr]">
      <section aria-label="Create" className="md:sticky md:top-4 md:self-start">
        <PromptForm onGenerate={(settings) => generate.mutate(settings)} />
      </section>
      <section aria-label="Results">
        <RunList runs={runs} onRetry={(run) => generate.mutate(run.settings)} />
      </section>
    </main>
  );
}

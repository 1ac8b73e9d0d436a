"use client";

import { useId, useState, type FormEvent, type KeyboardEvent, type ReactNode, type RefObject } from "react";
import { Button } from "@/components/ui/button";
import { PROMPT_MAX_CHARS } from "@/lib/seedream/limits";
import { generationSettings, type GenerationSettings } from "@/lib/seedream/schema";

interface PromptFormProps {
  onGenerate: (settings: GenerationSettings) => void;
  promptRef: RefObject<HTMLTextAreaElement | null>;
  /** With inputs in the tray, the same form performs an edit. */
  inputCount: number;
  children?: ReactNode;
}

export function PromptForm({ onGenerate, promptRef, inputCount, children }: PromptFormProps) {
  const promptId = useId();
  const errorId = useId();
  const [prompt, setPrompt] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  // The prompt stays in the box after a run: the next try is usually a small change to it.
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const parsed = generationSettings.safeParse({ prompt });
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message ?? "Check the settings.");
      return;
    }
    setProblem(null);
    onGenerate(parsed.data);
  };

  const submitOnShortcut = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) submit(event);
  };

  return (
    <form
      onSubmit={submit}
      onKeyDown={submitOnShortcut}
      noValidate
      className="flex flex-col gap-3 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex items-baseline justify-between">
        <label htmlFor={promptId} className="text-sm font-medium">
          Prompt
        </label>
        <span className="text-xs tabular-nums text-zinc-600 dark:text-zinc-300" aria-live="polite">
          {prompt.length} / {PROMPT_MAX_CHARS}
        </span>
      </div>
      <textarea
        ref={promptRef}
        id={promptId}
        value={prompt}
        onChange={(event) => setPrompt(event.target.value)}
        rows={6}
        placeholder="A lighthouse on a cliff at dusk, warm light in the windows"
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? errorId : undefined}
        className="resize-y rounded-lg border border-zinc-300 bg-transparent p-3 text-sm leading-relaxed outline-none focus:border-sky-500 focus:ring-2 focus:ring-sky-500/30 dark:border-zinc-700"
      />
      {problem && (
        <p id={errorId} role="alert" className="text-sm text-red-700 dark:text-red-400">
          {problem}
        </p>
      )}
      {children}
      <p className="text-xs text-zinc-600 dark:text-zinc-300" aria-live="polite">
        {inputCount > 0
          ? `Edit: Seedream v4 Edit will change ${inputCount === 1 ? "image 1" : `images 1–${inputCount}`} as the prompt says.`
          : "Text to image: Seedream v4 draws the prompt from scratch."}
      </p>
      <div className="flex items-center justify-between gap-3">
        <span className="text-xs text-zinc-600 dark:text-zinc-300">
          <kbd className="font-sans">Ctrl</kbd>/<kbd className="font-sans">⌘</kbd> + <kbd className="font-sans">Enter</kbd>
        </span>
        <Button type="submit">Generate</Button>
      </div>
    </form>
  );
}

"use client";

import { useState, type ComponentProps } from "react";

type NumberInputProps = Omit<ComponentProps<"input">, "type" | "value" | "defaultValue" | "onChange"> & {
  /** null = the field is empty. */
  value: number | null;
  onValueChange: (value: number | null) => void;
};

/**
 * A number field that keeps what is being typed ("", "1e3", "40" on the way to "4096") while
 * reporting a number on every change, and shows a new value when the owner replaces it.
 */
export function NumberInput({ value, onValueChange, onKeyDown, className = "", ...props }: NumberInputProps) {
  const [draft, setDraft] = useState(() => textOf(value));
  const [reported, setReported] = useState(value);
  if (!Object.is(reported, value)) {
    setReported(value);
    setDraft(textOf(value));
  }

  return (
    <input
      type="number"
      inputMode="numeric"
      value={draft}
      onChange={(event) => {
        const text = event.target.value;
        const next = text.trim() === "" ? null : Number(text);
        setDraft(text);
        setReported(next);
        onValueChange(next);
      }}
      onKeyDown={(event) => {
        // A plain Enter would submit the form, and a run costs credits: only Ctrl/Cmd+Enter runs.
        if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) event.preventDefault();
        onKeyDown?.(event);
      }}
      className={`h-9 min-w-0 rounded-lg border border-zinc-300 bg-white px-2.5 text-sm tabular-nums text-zinc-900 outline-none placeholder:text-zinc-500 focus-visible:border-sky-500 focus-visible:ring-2 focus-visible:ring-sky-500/40 aria-[invalid=true]:border-red-600 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100 dark:placeholder:text-zinc-400 dark:aria-[invalid=true]:border-red-400 ${className}`}
      {...props}
    />
  );
}

function textOf(value: number | null): string {
  return value === null || !Number.isFinite(value) ? "" : String(value);
}

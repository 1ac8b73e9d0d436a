"use client";

import * as RadixToast from "@radix-ui/react-toast";
import type { ReactNode } from "react";

export const ToastProvider = RadixToast.Provider;

/** A short notice with one action, announced to screen readers; Radix handles timing and swipe. */
export function Toast({
  open,
  onOpenChange,
  message,
  actionLabel,
  onAction,
  durationMs,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  message: ReactNode;
  actionLabel: string;
  onAction: () => void;
  durationMs: number;
}) {
  return (
    <RadixToast.Root
      open={open}
      onOpenChange={onOpenChange}
      duration={durationMs}
      className="flex items-center justify-between gap-4 rounded-lg bg-zinc-900 px-4 py-3 text-sm text-white shadow-lg dark:bg-zinc-100 dark:text-zinc-900"
    >
      <RadixToast.Description>{message}</RadixToast.Description>
      <RadixToast.Action altText={actionLabel} asChild>
        <button
          type="button"
          onClick={onAction}
          className="rounded-md px-2 py-1 font-semibold text-sky-300 hover:bg-white/10 focus-visible:outline-2 focus-visible:outline-sky-400 dark:text-sky-700 dark:hover:bg-black/10"
        >
          {actionLabel}
        </button>
      </RadixToast.Action>
    </RadixToast.Root>
  );
}

export function ToastViewport() {
  return (
    <RadixToast.Viewport className="fixed top-0 right-0 z-50 m-4 flex w-[min(24rem,calc(100vw-2rem))] flex-col gap-2 outline-none" />
  );
}

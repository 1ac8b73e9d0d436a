"use client";

import * as RadixDialog from "@radix-ui/react-dialog";
import type { ComponentPropsWithoutRef, Ref } from "react";

export const Dialog = RadixDialog.Root;
export const DialogTrigger = RadixDialog.Trigger;

const LAYOUTS = {
  /** A card in the middle of the screen that never outgrows a phone. */
  card: "top-1/2 left-1/2 w-[calc(100%-2rem)] max-w-md max-h-[calc(100dvh-2rem)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl border border-zinc-200 p-5 shadow-xl dark:border-zinc-800",
  /** Every pixel of the viewport, for looking at images. */
  full: "inset-0 flex flex-col overflow-y-auto",
} as const;

type DialogContentProps = ComponentPropsWithoutRef<typeof RadixDialog.Content> & {
  layout?: keyof typeof LAYOUTS;
  ref?: Ref<HTMLDivElement>;
};

/** The portal, the dimmed backdrop and the panel, styled once for every dialog of the studio. */
export function DialogContent({ layout = "card", className = "", ...props }: DialogContentProps) {
  return (
    <RadixDialog.Portal>
      <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/60" />
      <RadixDialog.Content
        className={`fixed z-50 bg-white text-zinc-900 outline-none dark:bg-zinc-950 dark:text-zinc-100 ${LAYOUTS[layout]} ${className}`}
        {...props}
      />
    </RadixDialog.Portal>
  );
}

export function DialogTitle({ className = "", ...props }: ComponentPropsWithoutRef<typeof RadixDialog.Title>) {
  return <RadixDialog.Title className={`text-base font-semibold ${className}`} {...props} />;
}

export function DialogDescription({ className = "", ...props }: ComponentPropsWithoutRef<typeof RadixDialog.Description>) {
  return <RadixDialog.Description className={`text-sm text-zinc-600 dark:text-zinc-300 ${className}`} {...props} />;
}

/** The round "×" every dialog closes with; its accessible name is "Close". */
export function DialogCloseButton({ className = "" }: { className?: string }) {
  return (
    <RadixDialog.Close
      aria-label="Close"
      className={`inline-flex size-9 shrink-0 items-center justify-center rounded-full border border-zinc-300 bg-white text-zinc-900 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800 ${className}`}
    >
      <svg viewBox="0 0 16 16" aria-hidden className="size-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
        <path d="M4 4l8 8M12 4l-8 8" />
      </svg>
    </RadixDialog.Close>
  );
}

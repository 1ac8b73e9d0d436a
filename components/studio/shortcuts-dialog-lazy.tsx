"use client";

import dynamic from "next/dynamic";

/**
 * The shortcuts list is opened by hand, never shown by the first paint, and it and the viewer are
 * the only users of the Radix dialog; loading both after hydration takes the dialog's code (focus
 * trap, scroll lock) out of the page's first load. Until the chunk arrives, a moment after
 * hydration, the header shows the same button, inert.
 */
export const ShortcutsDialog = dynamic(() => import("./shortcuts-dialog").then((module) => module.ShortcutsDialog), {
  ssr: false,
  loading: ShortcutsButton,
});

/** Markup and classes of ShortcutsDialog's trigger as Radix renders it closed, so nothing moves. */
function ShortcutsButton() {
  return (
    <button
      type="button"
      aria-haspopup="dialog"
      aria-expanded={false}
      aria-keyshortcuts="?"
      data-state="closed"
      className="inline-flex items-center gap-2 rounded-lg px-2 py-1 text-xs text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
    >
      <kbd
        aria-hidden
        className="inline-flex min-w-6 items-center justify-center rounded border border-zinc-300 bg-zinc-50 px-1.5 py-0.5 font-sans text-xs font-medium text-zinc-800 shadow-[0_1px_0_rgb(0_0_0/0.15)] dark:border-zinc-600 dark:bg-zinc-800 dark:text-zinc-100"
      >
        ?
      </kbd>
      Keyboard shortcuts
    </button>
  );
}

/** A key cap, as the header's button and the list both draw it. */
export const KEY =
  "inline-flex min-w-6 items-center justify-center rounded border border-zinc-300 bg-zinc-50 px-1.5 py-0.5 font-sans text-xs font-medium text-zinc-800 shadow-[0_1px_0_rgb(0_0_0/0.15)] dark:border-zinc-600 dark:bg-zinc-800 dark:text-zinc-100";

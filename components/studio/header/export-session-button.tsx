/**
 * A plain link, so exporting works before the page's JavaScript has loaded (or without it): the
 * route streams the zip and names it itself. Styled like the header's secondary buttons.
 */
export function ExportSessionButton() {
  return (
    <a
      href="/api/export"
      download
      aria-label="Export session"
      className="inline-flex h-9 min-w-9 shrink-0 items-center justify-center gap-1.5 rounded-lg border border-zinc-300 bg-white px-2 text-sm font-medium md:px-3 text-zinc-900 transition-colors hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800"
      title="Every image in this studio, as stored, with lineage.json describing how each was made"
    >
      <svg viewBox="0 0 24 24" width={16} height={16} fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden>
        <path d="M12 15V4M7 9l5-5 5 5M5 14v5h14v-5" />
      </svg>
      <span className="max-md:hidden">Export session</span>
    </a>
  );
}

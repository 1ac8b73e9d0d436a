/**
 * A plain link, so exporting works before the page's JavaScript has loaded (or without it): the
 * route streams the zip and names it itself. Styled like the header's secondary buttons.
 */
export function ExportSessionButton() {
  return (
    <a
      href="/api/export"
      download
      className="inline-flex h-9 items-center justify-center rounded-lg border border-zinc-300 bg-white px-3 text-sm font-medium text-zinc-900 transition-colors hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800"
      title="Every image in this studio, as stored, with lineage.json describing how each was made"
    >
      Export session
    </a>
  );
}

interface EngineBadgeProps {
  engine: "aimlapi" | "local";
  label: string;
}

/** Always visible, so nobody mistakes the offline engine's pictures for Seedream's. */
export function EngineBadge({ engine, label }: EngineBadgeProps) {
  if (engine === "local") {
    return (
      <p
        className="shrink-0 rounded-full border border-amber-300 bg-amber-50 px-3 py-1 text-xs font-medium text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200"
        title="No AIMLAPI_KEY is set, so images come from the studio's built-in local engine: simple pictures and real pixel edits, not Seedream."
      >
        <span className="sm:hidden">Offline</span>
        <span className="max-sm:hidden">{label}: no API key set, images are made locally</span>
      </p>
    );
  }
  return (
    <p
      title={`Seedream v4 via ${label}`}
      className="shrink-0 rounded-full border border-emerald-300 bg-emerald-50 px-3 py-1 text-xs font-medium text-emerald-900 dark:border-emerald-700 dark:bg-emerald-950 dark:text-emerald-200"
    >
      <span className="sm:hidden">Seedream v4</span>
      <span className="max-sm:hidden">Seedream v4 via {label}</span>
    </p>
  );
}

"use client";

import { useMemo, useState } from "react";
import { LineageGraph } from "@/components/studio/lineage/lineage-graph";
import { layoutLineage } from "@/lib/shared/lineage/layout";
import type { LineageView } from "@/lib/shared/lineage/types";

/** The shared lineage's graph; picking a picture shows it large with the prompt that made it. */
export function SharedLineage({ lineage, prompts }: { lineage: LineageView; prompts: Record<string, string> }) {
  const layout = useMemo(() => layoutLineage(lineage), [lineage]);
  const [selectedId, setSelectedId] = useState(lineage.focusId);
  const selected = lineage.images.find((image) => image.id === selectedId) ?? lineage.images[0];
  const prompt = selected?.generationId ? prompts[selected.generationId] : undefined;
  return (
    <div className="flex flex-col gap-6">
      <div className="overflow-auto rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
        <LineageGraph layout={layout} focusId={lineage.focusId} selectedId={selectedId} onPick={(image) => setSelectedId(image.id)} />
      </div>
      {selected && (
        <figure className="flex flex-col gap-2" aria-live="polite">
          <img src={selected.url} alt={prompt ?? "Uploaded picture"} className="mx-auto max-h-[60vh] w-auto rounded-lg object-contain" />
          <figcaption dir="auto" className="text-center text-sm">
            {prompt ?? "Uploaded picture"}
          </figcaption>
        </figure>
      )}
    </div>
  );
}

import { toGenerationView, toImageView } from "@/lib/shared/gallery/view";
import type { Family, ImageRecord } from "@/lib/server/store/types";
import type { LineageEdge, LineageView } from "./types";

interface Dated {
  createdAt: number;
  id: string;
}

/** Ids are UUIDv7, so within one millisecond they still sort in the order the rows were made. */
function oldestFirst(a: Dated, b: Dated): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The store's family as the browser draws it; a generation's outputs are those the family kept. */
export function buildLineageView(family: Family): LineageView {
  const images = [...family.images].sort(oldestFirst);
  const present = new Set(images.map((image) => image.id));
  const outputsOf = new Map<string, ImageRecord[]>();
  for (const image of images) {
    if (image.generationId) outputsOf.set(image.generationId, [...(outputsOf.get(image.generationId) ?? []), image]);
  }
  const generations = [...family.generations].sort(oldestFirst);
  const edges: LineageEdge[] = generations.flatMap((generation) =>
    generation.inputImageIds.flatMap((from, inputIndex) =>
      present.has(from) ? [{ from, generationId: generation.id, inputIndex }] : [],
    ),
  );
  return {
    focusId: family.focus.id,
    images: images.map(toImageView),
    generations: generations.map((generation) =>
      toGenerationView(
        generation,
        (outputsOf.get(generation.id) ?? []).sort((a, b) => (a.outputIndex ?? 0) - (b.outputIndex ?? 0)),
      ),
    ),
    edges,
    truncated: family.truncated,
  };
}

import type { GenerationView, ImageView } from "@/lib/shared/gallery/view";
import type { LineageView } from "./types";

/**
 * Questions the lineage answers about one image: who its parents, children and siblings are. The
 * viewer's `[` / `]` keys, its compare choices and the prompt diff all ask them.
 */
export interface LineageIndex {
  image(id: string): ImageView | undefined;
  generation(id: string): GenerationView | undefined;
  /** The generation that made an image; undefined for an upload (or one outside the view). */
  madeBy(imageId: string): GenerationView | undefined;
  /** The generation's inputs in `image_urls` order, as far as the view holds them. */
  parents(imageId: string): ImageView[];
  /** Outputs of every generation that took the image as an input, oldest first. */
  children(imageId: string): ImageView[];
  /** The other outputs of the job that made the image. */
  siblings(imageId: string): ImageView[];
  /** The prompt of the step before: the one that made the primary input, when it was generated. */
  parentPrompt(imageId: string): string | null;
}

export function indexLineage(view: LineageView): LineageIndex {
  const images = new Map(view.images.map((image) => [image.id, image]));
  const generations = new Map(view.generations.map((generation) => [generation.id, generation]));
  const edgesInto = new Map<string, { from: string; inputIndex: number }[]>();
  const takenBy = new Map<string, GenerationView[]>();
  for (const edge of view.edges) {
    edgesInto.set(edge.generationId, [...(edgesInto.get(edge.generationId) ?? []), edge]);
    const generation = generations.get(edge.generationId);
    const users = takenBy.get(edge.from) ?? [];
    if (generation && !users.includes(generation)) takenBy.set(edge.from, [...users, generation]);
  }

  const madeBy = (imageId: string) => {
    const generationId = images.get(imageId)?.generationId;
    return generationId ? generations.get(generationId) : undefined;
  };
  const parents = (imageId: string) => {
    const generation = madeBy(imageId);
    if (!generation) return [];
    return [...(edgesInto.get(generation.id) ?? [])]
      .sort((a, b) => a.inputIndex - b.inputIndex)
      .flatMap((edge) => images.get(edge.from) ?? []);
  };

  return {
    image: (id) => images.get(id),
    generation: (id) => generations.get(id),
    madeBy,
    parents,
    children: (imageId) =>
      (takenBy.get(imageId) ?? [])
        .toSorted((a, b) => a.createdAt - b.createdAt)
        .flatMap((generation) => generation.outputs),
    siblings: (imageId) => madeBy(imageId)?.outputs.filter((output) => output.id !== imageId) ?? [],
    parentPrompt: (imageId) => {
      const primary = parents(imageId)[0];
      return primary ? (madeBy(primary.id)?.prompt ?? null) : null;
    },
  };
}


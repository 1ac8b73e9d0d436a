import type { GenerationView, ImageView } from "@/lib/shared/gallery/view";
import type { LineageEdge, LineageView } from "@/lib/shared/lineage/types";

/**
 * Lineages written the way people describe them: "an upload, then an edit of it with 4 outputs".
 * Ids are readable names; times increase in the order things are added, as they do in the store.
 */
export class LineageBuilder {
  private clock = 0;
  private readonly images: ImageView[] = [];
  private readonly generations: GenerationView[] = [];
  private readonly edges: LineageEdge[] = [];

  upload(id: string): string {
    this.images.push(imageView(id, null, (this.clock += 1)));
    return id;
  }

  /** A job with the given inputs (none for text-to-image); returns its outputs' ids, `${id}.1`… */
  generation(id: string, prompt: string, inputs: readonly string[] = [], outputs = 1): string[] {
    const createdAt = (this.clock += 1);
    const outputViews = Array.from({ length: outputs }, (_, index) => imageView(`${id}.${index + 1}`, id, createdAt));
    this.images.push(...outputViews);
    this.generations.push(generationView(id, prompt, inputs, outputViews, createdAt));
    inputs.forEach((from, inputIndex) => this.edges.push({ from, generationId: id, inputIndex }));
    return outputViews.map((image) => image.id);
  }

  /** A chain of `steps` edits, each of the previous step's only output, starting from `from`. */
  chain(from: string, steps: number, prefix = "step"): string[] {
    const made: string[] = [];
    let previous = from;
    for (let step = 1; step <= steps; step += 1) {
      previous = this.generation(`${prefix}-${step}`, `${prefix} ${step} prompt`, [previous])[0]!;
      made.push(previous);
    }
    return made;
  }

  view(focusId: string): LineageView {
    return { focusId, images: [...this.images], generations: [...this.generations], edges: [...this.edges], truncated: false };
  }
}

export function imageView(id: string, generationId: string | null, createdAt = 0): ImageView {
  return {
    id,
    url: `/api/images/${id}`,
    thumbnailUrl: `/api/images/${id}/thumbnail`,
    width: 1024,
    height: 1024,
    mime: "image/png",
    bytes: 1000,
    origin: generationId ? "output" : "upload",
    fileName: generationId ? null : `${id}.png`,
    generationId,
    seed: generationId ? 7 : null,
    createdAt,
  };
}

function generationView(id: string, prompt: string, inputs: readonly string[], outputs: ImageView[], createdAt: number): GenerationView {
  return {
    id,
    status: "succeeded",
    model: inputs.length > 0 ? "bytedance/seedream-v4-edit" : "bytedance/seedream-v4-text-to-image",
    prompt,
    parameters: { num_images: outputs.length },
    inputImageIds: [...inputs],
    error: null,
    creditsUsed: null,
    seed: 7,
    createdAt,
    startedAt: createdAt,
    finishedAt: createdAt,
    retryOf: null,
    replayOf: null,
    outputs,
  };
}

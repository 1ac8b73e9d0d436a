import type { GenerationView, ImageView } from "@/lib/shared/gallery/view";

/**
 * An image's family as the browser sees it: a DAG of images and the generations between them.
 * An edit's inputs are its parents, in the order they were sent (the first is the primary one);
 * a generation's outputs are siblings and stay together.
 */

/** `from` was input number `inputIndex` (0 = "image 1") of generation `generationId`. */
export interface LineageEdge {
  from: string;
  generationId: string;
  inputIndex: number;
}

export interface LineageView {
  /** The image the lineage was asked for. */
  focusId: string;
  /** Every image in the family, uploads and outputs, oldest first. */
  images: ImageView[];
  /**
   * Every generation with an output in `images`, oldest first; `outputs` lists those outputs in
   * output order (an output deleted and never used again is left out).
   */
  generations: GenerationView[];
  /** One per input of each generation above whose input image is in `images`. */
  edges: LineageEdge[];
  /** The family had more than LINEAGE_MAX_IMAGES images; those farthest from the focus were left out. */
  truncated: boolean;
}

/** Bounds a lineage query: a family this large no longer reads as a picture anyway. */
export const LINEAGE_MAX_IMAGES = 400;

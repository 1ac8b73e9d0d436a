import type { GenerationView, ImageView } from "@/lib/shared/gallery/view";
import type { StudioModel } from "@/lib/shared/seedream/models";

/** What can be done with one stored image; the studio implements these, cards and the viewer call them. */
export interface ImageActions {
  open(image: ImageView): void;
  /** Where the image came from and what came of it. */
  showLineage(image: ImageView): void;
  useAsInput(image: ImageView): void;
  addToInputs(image: ImageView): void;
  reuseSettings(generation: GenerationView): void;
  /** The step again on another model (same inputs, prompt and seed), as a branch beside it. */
  tryOnModel(generation: GenerationView, model: StudioModel): void;
  download(image: ImageView, generation: GenerationView | null): void;
  remove(image: ImageView): void;
}

/** A finished generation as the page shows it. */
export interface GenerationView {
  engine: string;
  prompt: string;
  seed: number | null;
  creditsUsed: number | null;
  elapsedMs: number;
  images: { src: string; width: number; height: number }[];
}

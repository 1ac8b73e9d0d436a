import { DEFAULT_STUDIO_MODEL, type StudioModel } from "./models";

/**
 * What each model costs through the AI/ML API, for estimates before a run: the one price table.
 * Sources: the credits the docs' example responses report per image (v4: `tokens_used: 63000`, text
 * to image and edit alike; 4.5: `credits_used: 84000`; 5.0 Lite: `credits_used: 91000`, all at
 * 2048²), and the AI/ML API FAQ's 2,000,000 credits per US dollar. After a run the studio shows the
 * credits the API actually reported instead.
 */
export const CREDITS_PER_IMAGE_BY_MODEL: Record<StudioModel, number> = {
  "seedream-v4": 63_000,
  "seedream-4-5": 84_000,
  "seedream-5-0-lite": 91_000,
};
/** v4's price, the default model's. */
export const CREDITS_PER_IMAGE = CREDITS_PER_IMAGE_BY_MODEL[DEFAULT_STUDIO_MODEL];
export const CREDITS_PER_DOLLAR = 2_000_000;

export function estimatedCredits(images: number, model: StudioModel = DEFAULT_STUDIO_MODEL): number {
  return images * CREDITS_PER_IMAGE_BY_MODEL[model];
}

/** "126,000 credits ($0.063)": whole credits, dollars to a hundredth of a cent. */
export function formatCredits(credits: number): string {
  const dollars = (credits / CREDITS_PER_DOLLAR).toLocaleString("en", {
    style: "currency",
    currency: "USD",
    minimumFractionDigits: 2,
    maximumFractionDigits: 4,
  });
  return `${Math.round(credits).toLocaleString("en")} credits (${dollars})`;
}

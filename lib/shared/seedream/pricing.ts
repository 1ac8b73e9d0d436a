/**
 * What Seedream v4 costs through the AI/ML API, for estimates before a run. Sources: the docs'
 * example responses report `meta.usage.tokens_used: 63000` per v4 image (text to image and edit
 * alike), and the AI/ML API FAQ prices credits at 2,000,000 per US dollar: $0.0315 an image.
 * After a run the studio shows the credits the API actually reported instead.
 */
export const CREDITS_PER_IMAGE = 63_000;
const CREDITS_PER_DOLLAR = 2_000_000;

export function estimatedCredits(images: number): number {
  return images * CREDITS_PER_IMAGE;
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

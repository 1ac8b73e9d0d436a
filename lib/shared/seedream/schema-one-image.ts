import * as z from "@/lib/shared/zod";
import {
  NUM_IMAGES_MAX,
  ONE_IMAGE_INPUTS_MAX,
  ONE_IMAGE_PIXELS_MIN,
  ONE_IMAGE_SIDE_MIN,
  ONE_IMAGE_TIERS,
  SEEDREAM_4_5_MODEL,
  SEEDREAM_5_0_LITE_MODEL,
  SIDE_MAX,
} from "./limits";
import { imageUrl, numImages, prompt, seed } from "./schema";

/**
 * Request bodies for Seedream 4.5 and 5.0 Lite, field by field as in their OpenAPI files (the two
 * files differ only in the model id). One id for both modes: `image_urls` present means an edit.
 * No `num_images`, `sync_mode` or safety checker; `watermark` and `response_format` instead.
 * Where these are stricter than the files it is on purpose; tests/seedream-schema-one-image.test.ts
 * lists each.
 */
const side = z.number({ error: "Width and height must be numbers." }).check(
  z.int("Width and height must be whole numbers of pixels."),
  z.minimum(ONE_IMAGE_SIDE_MIN, `Width and height must be at least ${ONE_IMAGE_SIDE_MIN} pixels on this model.`),
  z.maximum(SIDE_MAX, `Width and height must be at most ${SIDE_MAX} pixels.`),
);

const TIER_SENTENCE = `Size must be ${ONE_IMAGE_TIERS.join(" or ")}, or a width and height of ${ONE_IMAGE_SIDE_MIN}–${SIDE_MAX}.`;

export const sizeTier = z.enum(ONE_IMAGE_TIERS, { error: TIER_SENTENCE });
export const oneImageCustomSize = z.strictObject({ width: side, height: side }).check(
  z.refine(
    ({ width, height }) => width * height >= ONE_IMAGE_PIXELS_MIN,
    `This model draws at least ${ONE_IMAGE_PIXELS_MIN.toLocaleString("en")} pixels: make the size larger (1920 × 1920, or 1440 × 2560).`,
  ),
);
export const oneImageSize = z.union([sizeTier, oneImageCustomSize], { error: TIER_SENTENCE });
export type OneImageSize = z.infer<typeof oneImageSize>;

/** What a person chooses for these models: the count is how many calls the studio makes. */
export const oneImageSettings = z.strictObject({
  prompt,
  image_size: z.optional(oneImageSize),
  num_images: z.optional(numImages),
  seed: z.optional(seed),
  watermark: z.optional(z.boolean({ error: "Watermark must be on or off." })),
});
export type OneImageSettings = z.infer<typeof oneImageSettings>;

const oneImageBody = {
  prompt,
  image_urls: z.optional(
    z.array(imageUrl).check(
      z.minLength(1, "An edit needs at least one input image."),
      z.maxLength(ONE_IMAGE_INPUTS_MAX, `An edit takes at most ${ONE_IMAGE_INPUTS_MAX} input images on this model.`),
    ),
  ),
  image_size: z.optional(oneImageSize),
  response_format: z.optional(z.enum(["url", "b64_json"])),
  seed: z.optional(seed),
  watermark: z.optional(z.boolean()),
};

export const seedream45Request = z.strictObject({ model: z.literal(SEEDREAM_4_5_MODEL), ...oneImageBody });
export const seedream50LiteRequest = z.strictObject({ model: z.literal(SEEDREAM_5_0_LITE_MODEL), ...oneImageBody });
export const oneImageRequest = z.discriminatedUnion("model", [seedream45Request, seedream50LiteRequest]);
export type OneImageRequest = z.infer<typeof oneImageRequest>;

/** The count the studio turns into separate calls, bounded like v4's `num_images`. */
export const ONE_IMAGE_CALLS_MAX = NUM_IMAGES_MAX;

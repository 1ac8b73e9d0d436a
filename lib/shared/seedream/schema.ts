import * as z from "@/lib/shared/zod";
import {
  EDIT_MODEL,
  INPUT_IMAGES_MAX,
  NUM_IMAGES_MAX,
  PROMPT_MAX_CHARS,
  SEED_MAX,
  SIDE_MAX,
  SIDE_MIN,
  SIZE_PRESETS,
  TEXT_TO_IMAGE_MODEL,
} from "./limits";

/**
 * Request bodies for `POST /images/generations`, field by field as in the provider's OpenAPI files.
 * Objects are strict: a field outside the official schema is a bug, never something to send.
 * Where these are stricter than the OpenAPI file (integers for counts and sides, a non-empty prompt,
 * a seed ceiling, the kinds of image URL) it is on purpose; tests/seedream-schema.test.ts lists each.
 */
const side = z.number({ error: "Width and height must be numbers." }).check(
  z.int("Width and height must be whole numbers of pixels."),
  z.minimum(SIDE_MIN, `Width and height must be at least ${SIDE_MIN} pixels.`),
  z.maximum(SIDE_MAX, `Width and height must be at most ${SIDE_MAX} pixels.`),
);

const sizePreset = z.enum(SIZE_PRESETS, {
  error: `Size must be one of ${SIZE_PRESETS.join(", ")}, or a width and height.`,
});
const customSize = z.strictObject({ width: side, height: side });
export const imageSize = z.union([sizePreset, customSize], {
  error: `Size must be one of ${SIZE_PRESETS.join(", ")}, or a width and height.`,
});
export type ImageSize = z.infer<typeof imageSize>;

/**
 * Control characters other than tab and line breaks are invisible in the prompt box, mean nothing
 * to the model, and NUL cuts the text short when SQLite hands it back, so they are refused.
 */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export const prompt = z.string({ error: "The prompt must be text." }).check(
  z.trim(),
  z.minLength(1, "Write a prompt first."),
  z.maxLength(PROMPT_MAX_CHARS, `The prompt is too long: at most ${PROMPT_MAX_CHARS} characters.`),
  z.refine((text) => !CONTROL_CHARACTERS.test(text), "The prompt cannot contain control characters."),
);

export const seed = z.number({ error: "The seed must be a number." }).check(
  z.int("The seed must be a whole number."),
  z.minimum(1, "The seed must be at least 1."),
  z.maximum(SEED_MAX, `The seed must be at most ${SEED_MAX}.`),
);

export const numImages = z.number({ error: "The number of images must be a number." }).check(
  z.int("The number of images must be a whole number."),
  z.minimum(1, "Ask for at least 1 image."),
  z.maximum(NUM_IMAGES_MAX, `Ask for at most ${NUM_IMAGES_MAX} images.`),
);

/** Inputs travel as data URLs (a private deployment is not reachable from the provider) or http(s). */
const DATA_URL = /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+={0,2}$/;
export const imageUrl = z.string().check(
  z.refine(
    (value) => DATA_URL.test(value) || /^https?:\/\/[^\s]+$/.test(value),
    "Each input image must be an http(s) URL or a PNG, JPEG or WebP data URL.",
  ),
);

/** The settings a person chooses; shared by the form, the server action and the request builder. */
export const generationSettings = z.strictObject({
  prompt,
  image_size: z.optional(imageSize),
  num_images: z.optional(numImages),
  seed: z.optional(seed),
  enable_safety_checker: z.optional(z.boolean()),
});
export type GenerationSettings = z.infer<typeof generationSettings>;

const commonRequest = z.extend(generationSettings, { sync_mode: z.optional(z.boolean()) });

export const textToImageRequest = z.extend(commonRequest, { model: z.literal(TEXT_TO_IMAGE_MODEL) });
export const editRequest = z.extend(commonRequest, {
  model: z.literal(EDIT_MODEL),
  image_urls: z.array(imageUrl).check(
    z.minLength(1, "An edit needs at least one input image."),
    z.maxLength(INPUT_IMAGES_MAX, `An edit takes at most ${INPUT_IMAGES_MAX} input images.`),
  ),
});
export const seedreamRequest = z.discriminatedUnion("model", [textToImageRequest, editRequest]);
export type TextToImageRequest = z.infer<typeof textToImageRequest>;
export type EditRequest = z.infer<typeof editRequest>;
export type SeedreamRequest = z.infer<typeof seedreamRequest>;

/**
 * Response bodies. The declared schema has `data[]` and `meta.usage.credits_used`; the documented
 * examples also carry fal's `images[]`, `seed`, `meta.usage.tokens_used` and `has_nsfw_concepts`.
 * Loose objects, because the provider adds fields over time.
 */
/** Counts sometimes arrive as numeric strings; a paid result must not be thrown away for that. */
const looseNumber = z.nullish(z.union([z.number(), z.pipe(z.string().check(z.regex(/^\d+(\.\d+)?$/)), z.transform(Number))]));

const responseImage = z.looseObject({
  url: z.nullish(z.string()),
  b64_json: z.nullish(z.string()),
  content_type: z.nullish(z.string()),
});
export const seedreamResponse = z.looseObject({
  data: z.nullish(z.array(responseImage)),
  images: z.nullish(z.array(responseImage)),
  seed: looseNumber,
  has_nsfw_concepts: z.nullish(z.array(z.nullable(z.boolean()))),
  meta: z.nullish(
    z.looseObject({
      usage: z.nullish(z.looseObject({ credits_used: looseNumber, tokens_used: looseNumber })),
    }),
  ),
});
export type SeedreamResponse = z.infer<typeof seedreamResponse>;

/**
 * Both error envelopes: the documented one (`message`, `statusCode` as number or string, `requestId`)
 * and the problem+json one seen live (`title`, `status`, `error: {name, message}`).
 */
export const seedreamErrorEnvelope = z.looseObject({
  message: z.optional(z.union([z.string(), z.looseObject({ message: z.optional(z.string()) })])),
  statusCode: z.optional(z.union([z.number(), z.string()])),
  status: z.optional(z.union([z.number(), z.string()])),
  title: z.optional(z.string()),
  requestId: z.nullish(z.string()),
  path: z.optional(z.string()),
  instance: z.optional(z.string()),
  error: z.optional(z.union([z.string(), z.looseObject({ name: z.optional(z.string()), message: z.optional(z.string()) })])),
});

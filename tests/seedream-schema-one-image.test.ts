import { describe, expect, it } from "vitest";
import { officialSchema, officialValidator } from "./support/official-schema";
import { SEEDREAM_4_5_MODEL, SEEDREAM_5_0_LITE_MODEL } from "@/lib/shared/seedream/limits";
import { providerRequest } from "@/lib/shared/seedream/request";
import { seedream45Request, seedream50LiteRequest } from "@/lib/shared/seedream/schema-one-image";

/**
 * Seedream 4.5 and 5.0 Lite: the zod schemas against their own OpenAPI files, the same two-sided
 * table as v4 (tests/seedream-schema.test.ts), run once per model. Rows where ours is stricter say
 * why; every other row must agree.
 */
const ajv = officialValidator();

const MODELS = [
  { model: SEEDREAM_4_5_MODEL, file: "seedream-4-5.json", schema: seedream45Request },
  { model: SEEDREAM_5_0_LITE_MODEL, file: "seedream-5-0-lite-preview.json", schema: seedream50LiteRequest },
] as const;

const PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

interface Row {
  name: string;
  extra: Record<string, unknown>;
  official: boolean;
  ours: boolean;
  stricter?: string;
}

const rows: Row[] = [
  { name: "minimal text to image", extra: {}, official: true, ours: true },
  { name: "edit with one image", extra: { image_urls: [PNG] }, official: true, ours: true },
  { name: "every field set", extra: { image_urls: [PNG], image_size: "4K", response_format: "b64_json", seed: 2147483647, watermark: true }, official: true, ours: true },
  { name: "size 2K", extra: { image_size: "2K" }, official: true, ours: true },
  { name: "size 4K", extra: { image_size: "4K" }, official: true, ours: true },
  { name: "a v4 preset", extra: { image_size: "square_hd" }, official: false, ours: false },
  { name: "size 1K", extra: { image_size: "1K" }, official: false, ours: false },
  { name: "custom 1440 × 2560", extra: { image_size: { width: 1440, height: 2560 } }, official: true, ours: true },
  { name: "custom 4096 × 4096", extra: { image_size: { width: 4096, height: 4096 } }, official: true, ours: true },
  { name: "width 1439", extra: { image_size: { width: 1439, height: 4096 } }, official: false, ours: false },
  { name: "height 4097", extra: { image_size: { width: 2048, height: 4097 } }, official: false, ours: false },
  { name: "custom 1440 × 1440", extra: { image_size: { width: 1440, height: 1440 } }, official: true, ours: false, stricter: "BytePlus draws at least 3,686,400 pixels on these models" },
  { name: "width as a fraction", extra: { image_size: { width: 2048.5, height: 2048 } }, official: false, ours: false },
  { name: "width only", extra: { image_size: { width: 2048 } }, official: true, ours: false, stricter: "a custom size names both sides, as the form does" },
  { name: "width as a string", extra: { image_size: { width: "2048", height: 2048 } }, official: false, ours: false },
  { name: "14 images", extra: { image_urls: Array(14).fill(PNG) }, official: true, ours: true },
  { name: "15 images", extra: { image_urls: Array(15).fill(PNG) }, official: false, ours: false },
  { name: "empty image_urls", extra: { image_urls: [] }, official: false, ours: false },
  { name: "a non-URI input", extra: { image_urls: ["not a url"] }, official: false, ours: false },
  { name: "a GIF data URL", extra: { image_urls: ["data:image/gif;base64,R0lGODlhAQABAAAAACw="] }, official: true, ours: false, stricter: "inputs are PNG, JPEG or WebP" },
  { name: "watermark as a string", extra: { watermark: "yes" }, official: false, ours: false },
  { name: "response_format png", extra: { response_format: "png" }, official: false, ours: false },
  { name: "seed 0", extra: { seed: 0 }, official: true, ours: false, stricter: "the studio's seeds are 1…2147483647, as on v4" },
  { name: "seed 1.5", extra: { seed: 1.5 }, official: false, ours: false },
  { name: "prompt of 4001 chars", extra: { prompt: "a".repeat(4001) }, official: true, ours: false, stricter: "the studio bounds every prompt at v4's 4000 characters" },
  { name: "empty prompt", extra: { prompt: "" }, official: true, ours: false, stricter: "an empty prompt is a mistake, not a request" },
  { name: "prompt as number", extra: { prompt: 42 }, official: false, ours: false },
];

describe.each(MODELS)("$model against its official OpenAPI file", ({ model, file, schema }) => {
  const official = officialSchema(file);
  const validate = ajv.compile(official);
  const body = (extra: Record<string, unknown>) => ({ model, prompt: "a red fox", ...extra });

  it.each(rows)("$name", (row) => {
    expect(validate(body(row.extra)), JSON.stringify(validate.errors)).toBe(row.official);
    expect(providerRequest.safeParse(body(row.extra)).success).toBe(row.ours);
    if (row.official !== row.ours) expect(row.stricter, "a disagreement must be a deliberate, stricter rule").toBeTruthy();
    if (row.ours) expect(row.official, "never accept what the provider rejects").toBe(true);
  });

  it("declares exactly the official fields, and requires what it requires", () => {
    expect(Object.keys(schema.shape).sort()).toEqual(Object.keys(official.properties).sort());
    const required = Object.entries(schema.shape)
      .filter(([, field]) => !field.safeParse(undefined).success)
      .map(([key]) => key)
      .sort();
    expect(required).toEqual([...official.required].sort());
  });

  it("refuses v4's fields, which its schema does not have", () => {
    for (const extra of [{ num_images: 2 }, { sync_mode: true }, { enable_safety_checker: false }]) {
      expect(validate(body(extra)), "the official schema allows extra fields").toBe(true);
      expect(providerRequest.safeParse(body(extra)).success).toBe(false);
    }
  });
});

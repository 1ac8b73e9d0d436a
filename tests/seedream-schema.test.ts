import type { ValidateFunction } from "ajv";
import { describe, expect, it } from "vitest";
import { officialSchema, officialValidator } from "./support/official-schema";
import { EDIT_MODEL, TEXT_TO_IMAGE_MODEL } from "@/lib/shared/seedream/limits";
import { editRequest, seedreamRequest, textToImageRequest } from "@/lib/shared/seedream/schema";

/**
 * The zod schemas against the provider's own OpenAPI files. One table of bodies, two validators:
 * each row says what the official schema and ours must answer. Rows where ours is stricter on
 * purpose say so; everything else must agree, so a drift on either side fails here.
 */
const ajv = officialValidator();
const official = {
  [TEXT_TO_IMAGE_MODEL]: officialSchema("seedream-v4-text-to-image.json"),
  [EDIT_MODEL]: officialSchema("seedream-v4-edit.json"),
};
const validators: Record<string, ValidateFunction> = {
  [TEXT_TO_IMAGE_MODEL]: ajv.compile(official[TEXT_TO_IMAGE_MODEL]),
  [EDIT_MODEL]: ajv.compile(official[EDIT_MODEL]),
};

const PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
const t2i = (extra: Record<string, unknown> = {}) => ({ model: TEXT_TO_IMAGE_MODEL, prompt: "a red fox", ...extra });
const edit = (extra: Record<string, unknown> = {}) => ({ model: EDIT_MODEL, prompt: "make it blue", image_urls: [PNG], ...extra });

interface Row {
  name: string;
  body: Record<string, unknown>;
  official: boolean;
  ours: boolean;
  /** Why ours differs from the official answer, when it does. */
  stricter?: string;
}

const rows: Row[] = [
  { name: "minimal text-to-image", body: t2i(), official: true, ours: true },
  { name: "minimal edit", body: edit(), official: true, ours: true },
  {
    name: "every field set",
    body: t2i({ image_size: { width: 4096, height: 1024 }, num_images: 4, seed: 2147483647, sync_mode: true, enable_safety_checker: false }),
    official: true,
    ours: true,
  },
  ...["square_hd", "square", "portrait_4_3", "portrait_16_9", "landscape_4_3", "landscape_16_9"].map((size) => ({
    name: `preset ${size}`, body: t2i({ image_size: size }), official: true, ours: true,
  })),
  { name: "unknown preset", body: t2i({ image_size: "auto_4K" }), official: false, ours: false },
  { name: "width below 1024", body: t2i({ image_size: { width: 1023, height: 2048 } }), official: false, ours: false },
  { name: "height above 4096", body: t2i({ image_size: { width: 2048, height: 4097 } }), official: false, ours: false },
  { name: "size missing height", body: t2i({ image_size: { width: 2048 } }), official: false, ours: false },
  { name: "size as string number", body: t2i({ image_size: { width: "2048", height: 2048 } }), official: false, ours: false },
  { name: "fractional width", body: t2i({ image_size: { width: 1024.5, height: 2048 } }), official: true, ours: false, stricter: "pixels are whole numbers" },
  { name: "prompt of 4000 chars", body: t2i({ prompt: "a".repeat(4000) }), official: true, ours: true },
  { name: "prompt of 4001 chars", body: t2i({ prompt: "a".repeat(4001) }), official: false, ours: false },
  { name: "empty prompt", body: t2i({ prompt: "" }), official: true, ours: false, stricter: "an empty prompt is a mistake, not a request" },
  { name: "prompt with a NUL", body: t2i({ prompt: "a\u0000b" }), official: true, ours: false, stricter: "control characters are invisible, and SQLite cuts text short at a NUL" },
  { name: "prompt missing", body: { model: TEXT_TO_IMAGE_MODEL }, official: false, ours: false },
  { name: "prompt as number", body: t2i({ prompt: 42 }), official: false, ours: false },
  { name: "model missing", body: { prompt: "x" }, official: false, ours: false },
  { name: "another model", body: t2i({ model: "bytedance/seedream-4-5" }), official: false, ours: false },
  { name: "num_images 0", body: t2i({ num_images: 0 }), official: false, ours: false },
  { name: "num_images 5", body: t2i({ num_images: 5 }), official: false, ours: false },
  { name: "num_images 2.5", body: t2i({ num_images: 2.5 }), official: true, ours: false, stricter: "a count is whole" },
  { name: "seed 0", body: t2i({ seed: 0 }), official: false, ours: false },
  { name: "seed 1.5", body: t2i({ seed: 1.5 }), official: false, ours: false },
  { name: "seed above 2^31-1", body: t2i({ seed: 2147483648 }), official: true, ours: false, stricter: "upstream seeds are signed 32-bit" },
  { name: "sync_mode as string", body: t2i({ sync_mode: "true" }), official: false, ours: false },
  { name: "safety checker as number", body: t2i({ enable_safety_checker: 1 }), official: false, ours: false },
  { name: "edit without image_urls", body: { model: EDIT_MODEL, prompt: "x" }, official: false, ours: false },
  { name: "edit with 0 images", body: edit({ image_urls: [] }), official: false, ours: false },
  { name: "edit with 10 images", body: edit({ image_urls: Array(10).fill(PNG) }), official: true, ours: true },
  { name: "edit with 11 images", body: edit({ image_urls: Array(11).fill(PNG) }), official: false, ours: false },
  { name: "edit with https URL", body: edit({ image_urls: ["https://example.com/t-rex.png"] }), official: true, ours: true },
  { name: "edit with a non-URI", body: edit({ image_urls: ["not a url"] }), official: false, ours: false },
  { name: "edit with an ftp URI", body: edit({ image_urls: ["ftp://example.com/a.png"] }), official: true, ours: false, stricter: "only http(s) and image data URLs are fetchable by the provider" },
  { name: "edit with a GIF data URL", body: edit({ image_urls: ["data:image/gif;base64,R0lGODlhAQABAAAAACw="] }), official: true, ours: false, stricter: "inputs are PNG, JPEG or WebP" },
];

describe("the zod request schemas against the official OpenAPI files", () => {
  it.each(rows)("$name", (row) => {
    const model = typeof row.body.model === "string" && row.body.model in validators ? row.body.model : TEXT_TO_IMAGE_MODEL;
    expect(validators[model]!(row.body), JSON.stringify(validators[model]!.errors)).toBe(row.official);
    expect(seedreamRequest.safeParse(row.body).success).toBe(row.ours);
    if (row.official !== row.ours) expect(row.stricter, "a disagreement must be a deliberate, stricter rule").toBeTruthy();
    if (row.ours) expect(row.official, "never accept what the provider rejects").toBe(true);
  });

  it("declares exactly the official fields, no more and no fewer", () => {
    expect(Object.keys(textToImageRequest.shape).sort()).toEqual(Object.keys(official[TEXT_TO_IMAGE_MODEL].properties).sort());
    expect(Object.keys(editRequest.shape).sort()).toEqual(Object.keys(official[EDIT_MODEL].properties).sort());
  });

  it("requires what the official schema requires", () => {
    for (const [schema, model] of [[textToImageRequest, TEXT_TO_IMAGE_MODEL], [editRequest, EDIT_MODEL]] as const) {
      const required = Object.entries(schema.shape)
        .filter(([, field]) => !field.safeParse(undefined).success)
        .map(([key]) => key)
        .sort();
      expect(required).toEqual([...official[model].required].sort());
    }
  });

  it("rejects any field outside the official schema", () => {
    const result = seedreamRequest.safeParse(t2i({ response_format: "b64_json" }));
    expect(result.success).toBe(false);
    expect(seedreamRequest.safeParse(edit({ max_images: 2 })).success).toBe(false);
  });

  it("sends the prompt trimmed, and nothing the person did not set", () => {
    const parsed = seedreamRequest.parse(t2i({ prompt: "  a red fox \n" }));
    expect(parsed).toStrictEqual({ model: TEXT_TO_IMAGE_MODEL, prompt: "a red fox" });
    expect(Object.keys(JSON.parse(JSON.stringify(parsed))).sort()).toEqual(["model", "prompt"]);
  });
});

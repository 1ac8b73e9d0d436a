import fc from "fast-check";
import { SIZE_PRESETS } from "@/lib/shared/seedream/limits";

/**
 * Values for fuzzing the server actions: anything a client could send, and text, numbers and
 * settings chosen to sit at, or just past, the studio's bounds.
 */

/** Values React's reply encoding can carry to an action, JSON and beyond (Date, Map, BigInt, …). */
export const anyArgument = fc.oneof(
  fc.jsonValue(),
  fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true }),
  fc.constantFrom(undefined, null, NaN, Infinity, -0, "", [], {}),
);

const HOSTILE_TEXT = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "../../etc/passwd",
  "..%2F..%2Fetc%2Fpasswd",
  "'; DROP TABLE generations; --",
  "\u0000\u0001\u001b[31m",
  "\u202Egnp.exe",
  "مرحبا بالعالم",
  "🧑🏽‍🎨🏳️‍🌈",
  "$@0",
  "$$",
  "__proto__",
  "constructor",
  "   ",
  "\n\t",
];
export const hostileText = fc.oneof(
  fc.constantFrom(...HOSTILE_TEXT),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.integer({ min: 3_998, max: 4_002 }).map((length) => "p".repeat(length)),
  fc.integer({ min: 3_998, max: 4_002 }).map((length) => `  ${"é".repeat(length)}  `),
);

export const edgeNumber = fc.oneof(
  fc.constantFrom(0, 1, 4, 5, 1023, 1024, 4096, 4097, 2_147_483_647, 2_147_483_648, -1, 1.5, NaN, Infinity, -Infinity, -0),
  fc.integer(),
  fc.double(),
  fc.constantFrom("1", "1024", null, true, [], {}),
);

/** Sides the schema would take: kept out of the fuzz above 1024 px, where a render gets slow. */
const isSide = (value: unknown) => Number.isInteger(value) && (value as number) >= 1024 && (value as number) <= 4096;

/**
 * Settings near every bound. Whatever passes the schema is a job the offline engine renders, so
 * sizes that pass are kept small (1024 px at most, which still tests the bound) to keep the run short.
 */
export const hostileSettings = fc.record(
  {
    prompt: fc.oneof(hostileText, anyArgument),
    image_size: fc.oneof(
      fc.constantFrom<unknown>(...SIZE_PRESETS),
      fc.record({ width: edgeNumber, height: edgeNumber }).filter(({ width, height }) => !(isSide(width) && isSide(height))),
      fc.record({ width: fc.constantFrom(1024, 1023), height: fc.constantFrom(1024, 1023) }),
      hostileText,
      anyArgument,
    ),
    num_images: edgeNumber,
    seed: edgeNumber,
    enable_safety_checker: fc.oneof(fc.boolean(), anyArgument),
    model: fc.constantFrom("bytedance/seedream-v4-edit", "gpt-image-1"),
  },
  { requiredKeys: [] },
);

/** Settings the schema takes, so that accepted jobs (and their rendering) are fuzzed too. */
export const validSettings = fc.record(
  {
    prompt: fc.oneof(fc.constantFrom(...HOSTILE_TEXT.filter((text) => text.trim() !== "")), fc.constant("p".repeat(4_000))),
    image_size: fc.constantFrom("square", "landscape_16_9", { width: 1024, height: 1024 }),
    num_images: fc.integer({ min: 1, max: 4 }),
    seed: fc.constantFrom(1, 2_147_483_647),
    enable_safety_checker: fc.boolean(),
  },
  { requiredKeys: ["prompt"] },
);

/** Sides at and past the newer models' bounds (1440–4096, at least 3,686,400 pixels in all). */
const oneImageSide = fc.constantFrom<unknown>(1439, 1440, 1920, 2560, 4096, 4097, 1440.5, -1, 0, NaN, "1440", null);

/**
 * Settings for 4.5 and 5.0 Lite near their bounds, with v4's fields mixed in (which they refuse).
 * Sizes that pass render at 3.7 MP or more, so the passing ones stay rare.
 */
export const hostileOneImageSettings = fc.record(
  {
    prompt: fc.oneof(hostileText, anyArgument),
    image_size: fc.oneof(
      fc.constantFrom<unknown>("2K", "4K", "1K", "2k", "square_hd", "auto_4K"),
      fc.record({ width: oneImageSide, height: oneImageSide }),
      fc.record({ width: oneImageSide }),
      anyArgument,
    ),
    num_images: edgeNumber,
    seed: edgeNumber,
    watermark: fc.oneof(fc.boolean(), anyArgument),
    enable_safety_checker: fc.boolean(),
    sync_mode: fc.boolean(),
    response_format: fc.constantFrom<unknown>("url", "b64_json", "png"),
  },
  { requiredKeys: [] },
);

/** A model as a client might name it: the studio's three, v4's provider ids, or anything else. */
export const anyModel = fc.oneof(
  fc.constantFrom<unknown>("seedream-v4", "seedream-4-5", "seedream-5-0-lite"),
  fc.constantFrom<unknown>("bytedance/seedream-4-5", "seedream-5-0-pro", "", undefined),
  hostileText,
  anyArgument,
);

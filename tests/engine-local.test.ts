import sharp, { type Sharp } from "sharp";
import { describe, expect, it } from "vitest";
import { createLocalEngine } from "@/lib/server/engine/local";
import type { EngineResult } from "@/lib/server/engine/types";
import { EDIT_MODEL, PRESET_PIXELS, SEED_MAX, SIZE_PRESETS, TEXT_TO_IMAGE_MODEL } from "@/lib/shared/seedream/limits";
import type { EditRequest, TextToImageRequest } from "@/lib/shared/seedream/schema";
import { expectSeedreamError } from "./support/expect-seedream-error";

const engine = createLocalEngine();
type Region = { left: number; top: number; width: number; height: number };

function textToImage(fields: Partial<Omit<TextToImageRequest, "model">> = {}) {
  return engine.generate({ model: TEXT_TO_IMAGE_MODEL, prompt: "a lighthouse at dusk", seed: 42, ...fields });
}

function edit(prompt: string, imageUrls: string[], fields: Partial<Omit<EditRequest, "model">> = {}) {
  return engine.generate({ model: EDIT_MODEL, prompt, image_urls: imageUrls, seed: 7, ...fields });
}

function only(result: EngineResult): Buffer {
  expect(result.images).toHaveLength(1);
  return result.images[0]!.bytes;
}

async function dataUrl(image: Sharp): Promise<string> {
  return `data:image/png;base64,${(await image.png().toBuffer()).toString("base64")}`;
}

function solid(r: number, g: number, b: number, size = 256): Sharp {
  return sharp({ create: { width: size, height: size, channels: 3, background: { r, g, b } } });
}

/** Red, green / blue, white quarters: every turn and flip shows where each went. */
const quarters = (() => {
  const colours = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255]];
  const pixels = Buffer.alloc(512 * 512 * 3);
  for (let index = 0; index < 512 * 512; index++) {
    const [x, y] = [index % 512, Math.floor(index / 512)];
    pixels.set(colours[(y < 256 ? 0 : 2) + (x < 256 ? 0 : 1)]!, index * 3);
  }
  return dataUrl(sharp(pixels, { raw: { width: 512, height: 512, channels: 3 } }));
})();

async function meanColour(png: Buffer, region?: Region): Promise<[number, number, number]> {
  // Not stats(): it measures the whole input and ignores extract().
  const image = region ? sharp(png).extract(region) : sharp(png);
  const { data, info } = await image.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const sums = [0, 0, 0];
  for (let index = 0; index < data.length; index++) sums[index % 3]! += data[index]!;
  const pixels = info.width * info.height;
  return [sums[0]! / pixels, sums[1]! / pixels, sums[2]! / pixels];
}

/** The colour in the middle of each quarter: top-left, top-right, bottom-left, bottom-right. */
async function layout(png: Buffer): Promise<string[]> {
  const { width = 0, height = 0 } = await sharp(png).metadata();
  const middle = (column: number, row: number): Region => ({
    left: Math.round(width * (column / 2 + 0.125)),
    top: Math.round(height * (row / 2 + 0.125)),
    width: Math.round(width / 4),
    height: Math.round(height / 4),
  });
  const name = (mean: number[]) =>
    Math.min(...mean) > 180 ? "white" : ["red", "green", "blue"][mean.indexOf(Math.max(...mean))]!;
  const regions = [middle(0, 0), middle(1, 0), middle(0, 1), middle(1, 1)];
  return Promise.all(regions.map(async (region) => name(await meanColour(png, region))));
}


describe("offline engine: text-to-image", () => {
  it("gives the same PNG bytes for the same prompt, seed and size", async () => {
    expect(engine).toMatchObject({ id: "local", label: "Offline engine" });
    const [first, second] = await Promise.all([textToImage(), textToImage()]);
    expect(only(first).subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    expect(only(first).equals(only(second))).toBe(true);
    expect(first.images[0]).toMatchObject({ mime: "image/png", width: 1024, height: 1024 });
  });

  it("gives a visibly different picture for another seed or prompt", async () => {
    const base = only(await textToImage());
    for (const other of [{ seed: 43 }, { prompt: "a lighthouse at dawn" }]) {
      const pictures = [base, only(await textToImage(other))];
      const [a, b] = await Promise.all(pictures.map((png) => sharp(png).resize(64, 64).raw().toBuffer()));
      const difference = a!.reduce((sum, value, index) => sum + Math.abs(value - b![index]!), 0);
      expect(difference / a!.length).toBeGreaterThan(12);
    }
  });

  it.each([
    ...SIZE_PRESETS.map((preset) => [preset, PRESET_PIXELS[preset]] as const),
    [{ width: 1024, height: 1536 }, { width: 1024, height: 1536 }] as const,
    [{ width: 4096, height: 1024 }, { width: 4096, height: 1024 }] as const,
  ])("renders %j at exactly its pixel size", async (size, expected) => {
    const result = await textToImage({ image_size: size });
    expect(result.images[0]).toMatchObject(expected);
    expect(await sharp(only(result)).metadata()).toMatchObject({ format: "png", ...expected });
  });

  it("reports the seed it was given, or the one it drew, which reproduces the picture", async () => {
    expect((await textToImage({ seed: 1234 })).seed).toBe(1234);
    const drawn = await textToImage({ seed: undefined });
    expect(Number.isInteger(drawn.seed) && drawn.seed! >= 1 && drawn.seed! <= SEED_MAX).toBe(true);
    expect(only(await textToImage({ seed: drawn.seed })).equals(only(drawn))).toBe(true);
  });

  it("makes num_images distinct pictures from seed, seed+1, …, wrapping past the ceiling", async () => {
    const result = await textToImage({ seed: 100, num_images: 3 });
    expect(result.seed).toBe(100);
    const pictures = result.images.map((image) => image.bytes.toString("base64"));
    expect(new Set(pictures).size).toBe(3);
    expect(only(await textToImage({ seed: 102 })).toString("base64")).toBe(pictures[2]);
    const wrapped = await textToImage({ seed: SEED_MAX, num_images: 2 });
    expect(wrapped.images[1]!.bytes.equals(only(await textToImage({ seed: 1 })))).toBe(true);
  });

  it("leans on colour words in the prompt", async () => {
    const redness = async (prompt: string) => {
      const seeds = [1, 2, 3, 4].map((seed) => textToImage({ prompt, seed, image_size: "square" }));
      const means = await Promise.all(seeds.map(async (result) => meanColour(only(await result))));
      return means.reduce((sum, [r, , b]) => sum + r - b, 0) / means.length;
    };
    expect((await redness("a red field")) - (await redness("a blue field"))).toBeGreaterThan(40);
  });

  it("renders 4096² in seconds, not tens of seconds", async () => {
    const started = performance.now();
    await textToImage({ image_size: { width: 4096, height: 4096 } });
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe("offline engine: edit", () => {
  it("starts from the first input and shows the others along the bottom edge", async () => {
    const [red, blue] = await Promise.all([dataUrl(solid(255, 0, 0)), dataUrl(solid(0, 0, 255))]);
    const [r, g, b] = await meanColour(only(await edit("keep it as it is", [red])));
    expect(r).toBeGreaterThan(180);
    expect(Math.max(g, b)).toBeLessThan(80);

    const both = only(await edit("keep it as it is", [red, blue]));
    const thumbnail = await meanColour(both, { left: 462, top: 800, width: 100, height: 100 });
    expect(thumbnail[2]).toBeGreaterThan(180);
    expect(thumbnail[0]).toBeLessThan(80);
    expect((await meanColour(both, { left: 0, top: 0, width: 300, height: 300 }))[0]).toBeGreaterThan(180);
  });

  it.each([
    ["as it is", { width: 1536, height: 1024 }, { width: 1536, height: 1024 }],
    ["rotate", "landscape_16_9", PRESET_PIXELS.landscape_16_9],
  ] as const)("fills the requested size from a square input, also after %j", async (prompt, size, pixels) => {
    const result = await edit(prompt, [await quarters], { image_size: size });
    expect(await sharp(only(result)).metadata()).toMatchObject(pixels);
    expect(result.images[0]).toMatchObject({ ...pixels, mime: "image/png" });
  });

  it.each([
    ["leave it", ["red", "green", "blue", "white"]],
    ["rotate", ["blue", "red", "white", "green"]],
    ["rotate 180", ["white", "blue", "green", "red"]],
    ["rotate left", ["green", "white", "red", "blue"]],
    ["flip", ["blue", "white", "red", "green"]],
    ["mirror", ["green", "red", "white", "blue"]],
  ])("%j moves the marked quarters", async (prompt, expected) => {
    expect(await layout(only(await edit(prompt, [await quarters])))).toEqual(expected);
  });

  it("makes black and white: all three channels equal", async () => {
    const png = only(await edit("black and white", [await quarters]));
    const pixels = await sharp(png).raw().toBuffer();
    let largestGap = 0;
    for (let index = 0; index < pixels.length; index += 3) {
      const [r, g, b] = [pixels[index]!, pixels[index + 1]!, pixels[index + 2]!];
      largestGap = Math.max(largestGap, Math.abs(r - g), Math.abs(g - b));
    }
    expect(largestGap).toBeLessThanOrEqual(1);
    const untouched = only(await edit("as it is", [await quarters]));
    expect(await meanColour(png)).not.toEqual(await meanColour(untouched));
  });

  it("inverts: each channel's mean turns into 255 minus itself", async () => {
    const input = await dataUrl(solid(200, 120, 40));
    const before = await meanColour(only(await edit("as it is", [input])));
    const after = await meanColour(only(await edit("invert", [input])));
    before.forEach((mean, channel) => expect(after[channel]).toBeCloseTo(255 - mean, 0));
  });

  const measures = {
    brightness: ([r, g, b]: number[]) => (r! + g! + b!) / 3,
    "red over blue": ([r, , b]: number[]) => r! - b!,
  };
  it.each([
    ["brighter", "brightness", 1],
    ["darker", "brightness", -1],
    ["warmer", "red over blue", 1],
    ["cooler", "red over blue", -1],
  ] as const)("%j moves the %s of a grey picture", async (prompt, measure, direction) => {
    const grey = await dataUrl(solid(128, 128, 128));
    const before = measures[measure](await meanColour(only(await edit("as it is", [grey]))));
    const after = measures[measure](await meanColour(only(await edit(prompt, [grey]))));
    expect((after - before) * direction).toBeGreaterThan(15);
  });

  it("blurs: the spread of a noisy picture drops", async () => {
    const noise = { type: "gaussian", mean: 128, sigma: 60 } as const;
    const input = await dataUrl(
      sharp({ create: { width: 1024, height: 1024, channels: 3, background: "#808080", noise } }),
    );
    const spread = async (prompt: string) =>
      (await sharp(only(await edit(prompt, [input]))).stats()).channels[1]!.stdev;
    expect(await spread("blur")).toBeLessThan((await spread("as it is")) / 3);
  });

  it("tones a grey picture sepia: red above green above blue", async () => {
    const [r, g, b] = await meanColour(only(await edit("sepia", [await dataUrl(solid(128, 128, 128))])));
    expect(r).toBeGreaterThan(g + 10);
    expect(g).toBeGreaterThan(b + 10);
  });

  it("applies several edits in the prompt's order", async () => {
    const png = only(await edit("make it black and white then rotate 180", [await quarters]));
    const [topLeft] = await meanColour(png, { left: 128, top: 128, width: 256, height: 256 });
    const [bottomRight, g0, b0] = await meanColour(png, { left: 640, top: 640, width: 256, height: 256 });
    expect([topLeft! > 200, bottomRight < 100]).toEqual([true, true]);
    expect([g0, b0]).toEqual([bottomRight, bottomRight]);

    const colourful = await dataUrl(solid(40, 160, 220));
    const [r, g, b] = await meanColour(only(await edit("black and white, then sepia", [colourful])));
    expect(r - g > 10 && g - b > 10).toBe(true);
    const [r2, g2, b2] = await meanColour(only(await edit("sepia, then black and white", [colourful])));
    expect([g2, b2]).toEqual([r2, r2]);
  });

  it("varies siblings by seed, reproducibly", async () => {
    const input = await dataUrl(solid(40, 160, 220));
    const result = await edit("sepia", [input], { seed: 50, num_images: 2 });
    const [first, second] = result.images.map((image) => image.bytes);
    expect(first!.equals(second!)).toBe(false);
    expect(second!.equals(only(await edit("sepia", [input], { seed: 51 })))).toBe(true);
  });

  it("refuses image URLs it would have to fetch, and inputs that are not images", async () => {
    const fetched = await expectSeedreamError(edit("blur", ["https://example.com/cat.png"]));
    expect(fetched.code).toBe("invalid_request");
    expect(fetched.detail).toBe("The offline engine only takes images sent by the studio as data URLs.");

    const text = `data:image/png;base64,${Buffer.from("not a picture").toString("base64")}`;
    const unreadable = await expectSeedreamError(edit("blur", [await dataUrl(solid(255, 0, 0)), text]));
    expect(unreadable.code).toBe("invalid_request");
    expect(unreadable.detail).toMatch(/Input image 2/);
  });
});

describe("offline engine: requests and cancelling", () => {
  const request = { model: TEXT_TO_IMAGE_MODEL, prompt: "x", image_size: "square" } as const;

  it("rejects what the schema rejects, with the reason", async () => {
    const error = await expectSeedreamError(textToImage({ num_images: 5 }));
    expect(error.code).toBe("invalid_request");
    expect(error.message).toMatch(/at most 4 images/);
    const tooSmall = await expectSeedreamError(textToImage({ image_size: { width: 512, height: 512 } }));
    expect(tooSmall.code).toBe("invalid_request");
  });

  it("stops at once when the signal is already aborted", async () => {
    const started = performance.now();
    const error = await expectSeedreamError(engine.generate(request, { signal: AbortSignal.abort() }));
    expect(error.code).toBe("canceled");
    expect(performance.now() - started).toBeLessThan(50);
  });

  it("waits delayMs, and stops waiting when aborted", async () => {
    let started = performance.now();
    await createLocalEngine({ delayMs: 300 }).generate(request);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    started = performance.now();
    const patient = createLocalEngine({ delayMs: 10_000 });
    const error = await expectSeedreamError(patient.generate(request, { signal: controller.signal }));
    expect(error.code).toBe("canceled");
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("stops between images when aborted while rendering", async () => {
    const controller = new AbortController();
    const size = { width: 4096, height: 4096 };
    const pending = engine.generate(
      { ...request, num_images: 4, image_size: size },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 50);
    expect((await expectSeedreamError(pending)).code).toBe("canceled");
  });
});

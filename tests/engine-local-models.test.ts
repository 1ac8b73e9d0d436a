import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { createLocalEngine } from "@/lib/server/engine/local";
import { SEEDREAM_4_5_MODEL, SEEDREAM_5_0_LITE_MODEL } from "@/lib/shared/seedream/limits";
import { expectSeedreamError } from "./support/expect-seedream-error";

/** The offline engine draws every model's sizes: 2K, 4K, custom from 1440, and 2048² when none is set. */
const engine = createLocalEngine();

describe("the offline engine on 4.5 and 5.0 Lite", () => {
  it.each([
    ["no size", undefined, 2048, 2048],
    ["2K", "2K" as const, 2048, 2048],
    ["4K", "4K" as const, 4096, 4096],
    ["1440 × 2560", { width: 1440, height: 2560 }, 1440, 2560],
  ])("%s: one image at the pixels that size means", async (_, image_size, width, height) => {
    const result = await engine.generate({ model: SEEDREAM_4_5_MODEL, prompt: "a lighthouse at dusk", seed: 9, ...(image_size && { image_size }) });
    expect(result.images).toHaveLength(1);
    expect(result.seed).toBe(9);
    expect(await sharp(result.images[0]!.bytes).metadata()).toMatchObject({ width, height, format: "png" });
  });

  it("edits when given inputs, at the size asked, and refuses what the model's schema refuses", async () => {
    const input = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#c33" } }).png().toBuffer();
    const result = await engine.generate({
      model: SEEDREAM_5_0_LITE_MODEL,
      prompt: "black and white",
      seed: 4,
      image_urls: [`data:image/png;base64,${input.toString("base64")}`],
      image_size: { width: 1920, height: 1920 },
    });
    const { width, height } = await sharp(result.images[0]!.bytes).metadata();
    expect([width, height]).toEqual([1920, 1920]);
    const stats = await sharp(result.images[0]!.bytes).stats();
    expect(stats.channels[0]!.mean).toBeCloseTo(stats.channels[1]!.mean, 0);

    const refused = await expectSeedreamError(
      engine.generate({ model: SEEDREAM_4_5_MODEL, prompt: "x", image_size: { width: 1440, height: 1440 } }),
    );
    expect(refused.code).toBe("invalid_request");
  });
});

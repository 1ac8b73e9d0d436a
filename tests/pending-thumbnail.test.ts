import { setTimeout as sleep } from "node:timers/promises";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { pendingThumbnail, START_AT_THE_LATEST_MS, type DecodedPixels } from "@/lib/server/images/thumbnail";

function pixels(width: number, height: number): DecodedPixels {
  return { data: Buffer.alloc(width * height * 3, 200), width, height, channels: 3 };
}

describe("a thumbnail pending on decoded pixels", () => {
  it("is not made, and keeps its pixels, until the store asks for it", async () => {
    let released = 0;
    const pending = pendingThumbnail(pixels(1024, 768), () => (released += 1));
    await sleep(START_AT_THE_LATEST_MS / 3);
    expect(released).toBe(0);

    const first = pending.made();
    expect(pending.made()).toBe(first);
    const made = await first;
    expect(await sharp(made!).metadata()).toMatchObject({ format: "webp", width: 512, height: 384 });
    expect(released).toBe(1);
  });

  it("starts by itself when nobody asks, so the pixels are given back", async () => {
    let released = 0;
    const pending = pendingThumbnail(pixels(640, 640), () => (released += 1));
    const deadline = Date.now() + START_AT_THE_LATEST_MS + 5_000;
    while (released === 0 && Date.now() < deadline) await sleep(10);
    expect(released).toBe(1);
    // Asked for afterwards, it is the one already made: not made twice, not released twice.
    expect(await sharp((await pending.made())!).metadata()).toMatchObject({ width: 512, height: 512 });
    expect(released).toBe(1);
  });

  it("resolves to null when the pixels cannot be encoded, and still gives them back", async () => {
    let released = 0;
    const broken: DecodedPixels = { data: Buffer.alloc(10), width: 1024, height: 1024, channels: 3 };
    expect(await pendingThumbnail(broken, () => (released += 1)).made()).toBeNull();
    expect(released).toBe(1);
  });
});

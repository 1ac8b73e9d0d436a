import { describe, expect, it } from "vitest";
import { startFakeAimlApi, type FakeAimlApi } from "@/e2e/fake-api/server";
import { createLocalEngine } from "@/lib/server/engine/local";

const T2I = "bytedance/seedream-v4-text-to-image" as const;
const KEY = "drawing-key";

async function withFake(latencyMs: number, use: (fake: FakeAimlApi) => Promise<void>): Promise<void> {
  const fake = await startFakeAimlApi({ port: 0, apiKey: KEY, latencyMs });
  try {
    await use(fake);
  } finally {
    await fake.close();
  }
}

/** POST a generation and download its first output: the time a client waits, and the bytes. */
async function generate(fake: FakeAimlApi, body: Record<string, unknown>): Promise<{ ms: number; bytes: Buffer }> {
  const started = performance.now();
  const response = await fetch(`${fake.origin}/v1/images/generations`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const ms = performance.now() - started;
  const url = ((await response.json()) as { data: { url: string }[] }).data[0]!.url;
  return { ms, bytes: Buffer.from(await (await fetch(url)).arrayBuffer()) };
}

const counts = async (fake: FakeAimlApi) =>
  (await (await fetch(`${fake.origin}/__fake/draw-ahead`)).json()) as { drawn: number; served: number; drawnOnArrival: number };

describe("the fake AI/ML API's drawing", () => {
  it("draws while the caller waits: the answer comes at the latency, not the latency plus the drawing", async () => {
    const body = { model: T2I, prompt: "a tall ship in a storm", image_size: { width: 4096, height: 4096 }, seed: 31 };
    // The same drawing in this process, for scale: the machine's speed decides both sides.
    const drawStarted = performance.now();
    await createLocalEngine().generate(body);
    const drawing = performance.now() - drawStarted;
    expect(drawing).toBeGreaterThan(200);

    const latencyMs = 1_000;
    await withFake(latencyMs, async (fake) => {
      const { ms } = await generate(fake, body);
      expect(ms).toBeGreaterThanOrEqual(latencyMs);
      // Drawn after the wait, it would answer at about latency + drawing: the larger plus the smaller.
      expect(ms).toBeLessThan(Math.max(latencyMs, drawing) + Math.min(latencyMs, drawing) / 2);
    });
  }, 60_000);

  it("answers a call drawn ahead with the very pictures it would have drawn on arrival", async () => {
    const body = { model: T2I, prompt: "a paper lantern on a pond", image_size: { width: 1024, height: 1024 }, seed: 77 };
    await withFake(0, async (fake) => {
      const onArrival = await generate(fake, body);
      expect(await counts(fake)).toEqual({ drawn: 0, served: 0, drawnOnArrival: 1 });

      const ahead = await fetch(`${fake.origin}/__fake/draw-ahead`, { method: "POST", body: JSON.stringify([body]) });
      expect(ahead.status).toBe(200);
      const served = await generate(fake, body);
      expect(served.bytes.equals(onArrival.bytes)).toBe(true);
      // Another seed is not the same call: drawn on arrival.
      await generate(fake, { ...body, seed: 78 });
      expect(await counts(fake)).toEqual({ drawn: 1, served: 1, drawnOnArrival: 2 });
    });
  }, 60_000);

  it("refuses to draw ahead a body it would refuse as a call", async () => {
    await withFake(0, async (fake) => {
      const response = await fetch(`${fake.origin}/__fake/draw-ahead`, { method: "POST", body: JSON.stringify([{ model: T2I }]) });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(/not a valid call/);
    });
  });
});

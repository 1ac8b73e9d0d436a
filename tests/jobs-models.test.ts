import { afterEach, describe, expect, it, vi } from "vitest";
import { SEEDREAM_4_5_MODEL, SEEDREAM_5_0_LITE_MODEL } from "@/lib/shared/seedream/limits";
import { CREDITS_PER_IMAGE_BY_MODEL } from "@/lib/shared/seedream/pricing";
import { uploadPhoto, useJobsHarness, waitForStatus } from "./support/jobs-harness";

const A = "visitor-a-models-000000";
const harnesses = useJobsHarness();
/** The newer models draw 3.7 MP or more per image: longer than v4's small test renders on a busy machine. */
const RENDER_WAIT_MS = 15_000;
vi.setConfig({ testTimeout: 3 * RENDER_WAIT_MS });
afterEach(() => harnesses.cleanup());

describe("a one-image model (4.5, 5.0 Lite)", () => {
  it("makes N images as N calls, each with its own consecutive seed, recorded on its image", async () => {
    const h = await harnesses.open();
    const settings = { prompt: "a kite over dunes", seed: 100, num_images: 3, image_size: "2K" } as const;
    const { id } = await h.jobs.start(A, { model: "seedream-4-5", settings, inputImageIds: [] });
    const done = await waitForStatus(h.store, A, id, "succeeded", RENDER_WAIT_MS);

    const calls = h.fake.requests();
    expect(calls).toHaveLength(3);
    for (const call of calls) {
      expect(call).toMatchObject({ model: SEEDREAM_4_5_MODEL, status: 200, openapiValid: true, extraFields: [] });
      expect(call.body).not.toHaveProperty("num_images");
      expect(call.body).toMatchObject({ image_size: "2K" });
    }
    expect(calls.map((call) => call.body?.seed).sort()).toEqual([100, 101, 102]);
    const outputs = (await h.store.generations.withOutputs(A, id))!.outputs;
    expect(outputs.map((output) => output.seed).sort()).toEqual([100, 101, 102]);
    expect(outputs.every((output) => output.width === 2048 && output.height === 2048)).toBe(true);
    expect(done).toMatchObject({ model: SEEDREAM_4_5_MODEL, seed: 100, creditsUsed: 3 * CREDITS_PER_IMAGE_BY_MODEL["seedream-4-5"], errorCode: null });
  });

  it("sends a random seed when none was set, and records it for replay", async () => {
    const h = await harnesses.open();
    const settings = { prompt: "a paper boat", num_images: 2, image_size: { width: 1440, height: 2560 } };
    const { id } = await h.jobs.start(A, { model: "seedream-5-0-lite", settings, inputImageIds: [] });
    const done = await waitForStatus(h.store, A, id, "succeeded", RENDER_WAIT_MS);
    const seeds = h.fake.requests().map((call) => call.body?.seed as number).sort((a, b) => a - b);
    expect(seeds).toHaveLength(2);
    expect(Number.isInteger(seeds[0])).toBe(true);
    expect(seeds[1]).toBe(seeds[0]! + 1);
    expect(done.seed).toBe(seeds[0]);
    expect(done.parameters).not.toHaveProperty("seed");
    expect(done.creditsUsed).toBe(2 * CREDITS_PER_IMAGE_BY_MODEL["seedream-5-0-lite"]);
  });

  it("keeps a partial success's images and says how many failed", async () => {
    const h = await harnesses.open();
    const settings = { prompt: "three lanterns [fault:500once]", seed: 7, num_images: 3 };
    const { id } = await h.jobs.start(A, { model: "seedream-4-5", settings, inputImageIds: [] });
    const done = await waitForStatus(h.store, A, id, "succeeded", RENDER_WAIT_MS);
    const outputs = (await h.store.generations.withOutputs(A, id))!.outputs;
    expect(outputs).toHaveLength(2);
    expect(h.fake.requests().map((call) => call.status).sort()).toEqual([200, 200, 500]);
    expect(done.errorMessage).toMatch(/^1 of 3 images failed: /);
    expect(done.creditsUsed).toBe(2 * CREDITS_PER_IMAGE_BY_MODEL["seedream-4-5"]);
  });

  it("counts all N images against the hourly quota, before any call is made", async () => {
    const h = await harnesses.open();
    const jobs = h.createJobs({ quotas: { imagesPerHour: 4, imagesPerDay: null } });
    const first = await jobs.start(A, { model: "seedream-5-0-lite", settings: { prompt: "three moons", num_images: 3 }, inputImageIds: [] });
    await waitForStatus(h.store, A, first.id, "succeeded", RENDER_WAIT_MS);
    await expect(jobs.start(A, { model: "seedream-4-5", settings: { prompt: "two more", num_images: 2 }, inputImageIds: [] })).rejects.toMatchObject({
      name: "QuotaError",
      message: expect.stringContaining("made 3 of the 4 images allowed here in an hour, so 2 more won't fit"),
    });
    expect(h.fake.requests()).toHaveLength(3);
  });

  it("edits with 14 inputs in one call, in the tray's order", async () => {
    const h = await harnesses.open();
    const uploads = [];
    for (let index = 0; index < 14; index += 1) uploads.push(await uploadPhoto(h.store, A, 64 + index, 48));
    const settings = { prompt: "blend them all", seed: 3, watermark: true };
    const { id } = await h.jobs.start(A, { model: "seedream-5-0-lite", settings, inputImageIds: uploads.map((upload) => upload.id) });
    await waitForStatus(h.store, A, id, "succeeded", RENDER_WAIT_MS);
    const [call] = h.fake.requests();
    expect(call).toMatchObject({ model: SEEDREAM_5_0_LITE_MODEL, openapiValid: true, extraFields: [] });
    expect(call!.body).toMatchObject({ watermark: true, seed: 3 });
    expect(call!.inputs).toHaveLength(14);
    expect(call!.inputs!.map((input) => input.sha256)).toEqual(uploads.map((upload) => upload.sha256));
  });
});

describe("what each model refuses before anything is recorded or sent", () => {
  it.each([
    ["seedream-v4", { prompt: "x", watermark: true }, /watermark/i],
    ["seedream-4-5", { prompt: "x", enable_safety_checker: false }, /enable_safety_checker/i],
    ["seedream-4-5", { prompt: "x", image_size: "square_hd" }, /2K or 4K/],
    ["seedream-5-0-lite", { prompt: "x", image_size: { width: 1439, height: 4096 } }, /at least 1440 pixels/],
    ["seedream-5-0-lite", { prompt: "x", image_size: { width: 1440, height: 1440 } }, /at least 3,686,400 pixels/],
    ["seedream-4-5", { prompt: "x", num_images: 5 }, /at most 4 images/],
  ] as const)("%s refuses %j", async (model, settings, sentence) => {
    const h = await harnesses.open();
    await expect(h.jobs.start(A, { model, settings, inputImageIds: [] })).rejects.toThrow(sentence);
    expect(h.fake.requests()).toEqual([]);
  });

  it("takes 14 inputs on 4.5 but refuses 11 on v4 and 15 on 4.5", async () => {
    const h = await harnesses.open();
    const ids = Array.from({ length: 15 }, () => crypto.randomUUID());
    await expect(h.jobs.start(A, { model: "seedream-v4", settings: { prompt: "x" }, inputImageIds: ids.slice(0, 11) })).rejects.toThrow(
      "An edit takes at most 10 input images.",
    );
    await expect(h.jobs.start(A, { model: "seedream-4-5", settings: { prompt: "x" }, inputImageIds: ids })).rejects.toThrow(
      "An edit takes at most 14 input images on Seedream 4.5.",
    );
  });
});

import { expect, test } from "@playwright/test";
import sharp from "sharp";
import type { GenerationView, ImageView } from "@/lib/shared/gallery/view";
import { SEEDREAM_4_5_MODEL, SEEDREAM_5_0_LITE_MODEL } from "@/lib/shared/seedream/limits";
import { expectRefused, startInput, Visitor, type Snapshot } from "./support/bad-input";
import { fakeApi } from "./support/fake-api";
import { accepted, type ActionName } from "./support/studio-actions";

/**
 * The newer models' fields sent straight to the actions, at and just past each bound: watermark,
 * 2K/4K, the 1440 minimum (and 3.69 MP), 14 inputs, v4's fields where they do not belong, and
 * "Try on another model". Each refusal is one sentence, sends nothing and loses nothing.
 */
let visitor: Visitor;
let snapshot: Snapshot;

test.beforeAll(async ({ browser }) => {
  visitor = await (await Visitor.open(browser)).withFirstImages();
});
test.afterAll(async () => visitor?.close());

test.beforeEach(async ({ request }) => {
  await fakeApi.clear(request);
  snapshot = await visitor.snapshot();
});

const on = (model: string, change: Record<string, unknown> = {}, inputImageIds?: unknown) => {
  const { settings, ...rest } = startInput(change, inputImageIds) as { settings: Record<string, unknown> };
  // The newer models have no presets: the default small size of the v4 helper is left out.
  const { image_size: _v4Size, ...common } = settings;
  return { model, settings: "image_size" in change ? settings : common, ...rest };
};

async function refuses(name: ActionName, input: unknown, sentence: string | RegExp): Promise<void> {
  expectRefused(await visitor.actions.call(name, input), "invalid_input", sentence);
  expect(await fakeApi.requests(visitor.page.request), "nothing reached the provider").toEqual([]);
  await visitor.expectNoLoss(snapshot);
}

test.describe("4.5 and 5.0 Lite at and past their bounds", () => {
  test("a model the studio does not have is refused", async () => {
    await refuses("startGeneration", on("seedream-5-0-pro"), "Model must be one of seedream-v4, seedream-4-5, seedream-5-0-lite.");
  });

  test("v4's fields are refused on 4.5, and the watermark on v4", async () => {
    await refuses("startGeneration", on("seedream-4-5", { enable_safety_checker: false }), /enable_safety_checker/);
    await refuses("startGeneration", on("seedream-4-5", { image_size: "square_hd" }), "Size must be 2K or 4K, or a width and height of 1440–4096.");
    await refuses("startGeneration", startInput({ watermark: true }), /watermark/);
    await refuses("startGeneration", startInput({ image_size: "2K" }), /^Size must be one of square_hd/);
  });

  test("watermark must be on or off", async () => {
    await refuses("startGeneration", on("seedream-5-0-lite", { watermark: "yes" }), "Watermark must be on or off.");
  });

  test("1440 × 2560 is drawn; 1439 a side and 1440 × 1440 are refused", async () => {
    const generation = await visitor.generateDirectly(on("seedream-4-5", { image_size: { width: 1440, height: 2560 } }));
    expect(generation).toMatchObject({ status: "succeeded", model: SEEDREAM_4_5_MODEL });
    expect(generation.outputs[0]).toMatchObject({ width: 1440, height: 2560 });
    const [call] = await fakeApi.requests(visitor.page.request);
    expect(call).toMatchObject({ openapiValid: true, extraFields: [], body: { image_size: { width: 1440, height: 2560 } } });
    await visitor.expectNoLoss(snapshot, "allowed");

    await fakeApi.clear(visitor.page.request);
    snapshot = await visitor.snapshot();
    await refuses("startGeneration", on("seedream-4-5", { image_size: { width: 1439, height: 4096 } }), "Width and height must be at least 1440 pixels on this model.");
    await refuses("startGeneration", on("seedream-4-5", { image_size: { width: 1440, height: 1440 } }), /^This model draws at least 3,686,400 pixels/);
    await refuses("startGeneration", on("seedream-4-5", { image_size: { width: 4097, height: 2048 } }), "Width and height must be at most 4096 pixels.");
  });

  test("14 input images make one 5.0 Lite edit; 15 are refused", async () => {
    const pngs = await Promise.all(
      Array.from({ length: 14 }, (_, index) =>
        sharp({ create: { width: 40 + index, height: 40, channels: 3, background: { r: index * 18, g: 120, b: 60 } } }).png().toBuffer(),
      ),
    );
    const ids: string[] = [];
    // An upload takes at most 10 files at a time, as the tray sends them one by one.
    for (const batch of [pngs.slice(0, 7), pngs.slice(7)]) {
      const images = accepted<ImageView[]>(await visitor.actions.upload(batch.map((buffer, index) => ({ name: `ref-${ids.length + index}.png`, mimeType: "image/png", buffer }))));
      ids.push(...images.map((image) => image.id));
    }
    const edit = await visitor.generateDirectly(on("seedream-5-0-lite", { prompt: "Blend all fourteen" }, ids));
    expect(edit).toMatchObject({ status: "succeeded", model: SEEDREAM_5_0_LITE_MODEL, inputImageIds: ids });
    const [call] = await fakeApi.requests(visitor.page.request);
    expect(call!.inputs).toHaveLength(14);

    await fakeApi.clear(visitor.page.request);
    snapshot = await visitor.snapshot();
    await refuses("startGeneration", on("seedream-5-0-lite", { prompt: "Blend fifteen" }, [...ids, ids[0]]), "An edit takes at most 14 input images on Seedream 5.0 Lite.");
  });

  test("Try on another model refuses an unknown model, the same model, and a stranger's step", async () => {
    const generations = (await visitor.actions.gallery()).flatMap((item) => (item.kind === "generation" ? [item.generation as GenerationView] : []));
    const first = generations.find((generation) => generation.model === "bytedance/seedream-v4-text-to-image");
    expect(first, "the visitor's first v4 image").toBeDefined();
    await refuses("tryOnModel", { generationId: first!.id, model: "gpt-image-1" }, "Pick one of the studio's models.");
    await refuses("tryOnModel", { generationId: first!.id, model: "seedream-v4" }, "This step already ran on Seedream v4; pick another model to compare with.");
    await refuses("tryOnModel", { generationId: first!.id, model: "seedream-4-5", extra: 1 }, /Unrecognized key/);
    expectRefused(await visitor.actions.call("tryOnModel", { generationId: crypto.randomUUID(), model: "seedream-4-5" }), "not_found", "That image or generation is not in your studio; it may have been deleted.");
  });
});

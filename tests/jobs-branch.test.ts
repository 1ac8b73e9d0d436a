import { afterEach, describe, expect, it, vi } from "vitest";
import { buildLineageView } from "@/lib/shared/lineage/build-view";
import { layoutLineage } from "@/lib/shared/lineage/layout";
import { EDIT_MODEL, SEEDREAM_4_5_MODEL, SEEDREAM_5_0_LITE_MODEL, TEXT_TO_IMAGE_MODEL } from "@/lib/shared/seedream/limits";
import { uploadPhoto, useJobsHarness, waitForStatus } from "./support/jobs-harness";

const A = "visitor-a-branch-000000";
const harnesses = useJobsHarness();
/** The newer models draw 3.7 MP or more per image: longer than v4's small test renders on a busy machine. */
const RENDER_WAIT_MS = 15_000;
vi.setConfig({ testTimeout: 3 * RENDER_WAIT_MS });
afterEach(() => harnesses.cleanup());

describe("Try on another model", () => {
  it("re-runs a text-to-image step on 4.5 with its prompt and seed, drawn beside it in the lineage", async () => {
    const h = await harnesses.open();
    const start = await h.jobs.start(A, { settings: { prompt: "a red kite", seed: 42, image_size: "square", num_images: 2 }, inputImageIds: [] });
    await waitForStatus(h.store, A, start.id, "succeeded", RENDER_WAIT_MS);
    const branch = await h.jobs.branch(A, start.id, "seedream-4-5");
    expect(branch).toMatchObject({
      model: SEEDREAM_4_5_MODEL,
      prompt: "a red kite",
      replayOf: start.id,
      inputImageIds: [],
      parameters: { seed: 42, image_size: "2K", num_images: 2 },
    });
    await waitForStatus(h.store, A, branch!.id, "succeeded", RENDER_WAIT_MS);
    const calls = h.fake.requests();
    expect(calls.map((call) => call.model)).toEqual([TEXT_TO_IMAGE_MODEL, SEEDREAM_4_5_MODEL, SEEDREAM_4_5_MODEL]);
    expect(calls.slice(1).map((call) => call.body?.seed).sort()).toEqual([42, 43]);
    expect(calls.every((call) => call.openapiValid && call.extraFields.length === 0)).toBe(true);

    // From either side, the family holds both steps, side by side on the top row.
    for (const id of [start.id, branch!.id]) {
      const [output] = (await h.store.generations.withOutputs(A, id))!.outputs;
      const view = buildLineageView((await h.store.lineage.family(A, output!.id))!);
      expect(view.generations.map((generation) => generation.id).sort()).toEqual([start.id, branch!.id].sort());
      const layout = layoutLineage(view);
      expect(layout.groups.map((group) => group.row)).toEqual([0, 0]);
      expect(view.generations.find((generation) => generation.id === branch!.id)?.creditsUsed).toBe(2 * 84_000);
    }
  });

  it("re-runs an edit on 5.0 Lite with the same inputs, a sibling step under the same upload", async () => {
    const h = await harnesses.open();
    const upload = await uploadPhoto(h.store, A);
    const start = await h.jobs.start(A, { settings: { prompt: "make it sepia", seed: 5, image_size: { width: 1024, height: 1024 } }, inputImageIds: [upload.id] });
    await waitForStatus(h.store, A, start.id, "succeeded", RENDER_WAIT_MS);
    const branch = await h.jobs.branch(A, start.id, "seedream-5-0-lite");
    expect(branch).toMatchObject({ model: SEEDREAM_5_0_LITE_MODEL, inputImageIds: [upload.id], parameters: { seed: 5, image_size: { width: 1920, height: 1920 } } });
    await waitForStatus(h.store, A, branch!.id, "succeeded", RENDER_WAIT_MS);
    const view = buildLineageView((await h.store.lineage.family(A, upload.id))!);
    expect(view.generations.map((generation) => generation.model).sort()).toEqual([EDIT_MODEL, SEEDREAM_5_0_LITE_MODEL].sort());
    expect(view.edges.filter((edge) => edge.from === upload.id)).toHaveLength(2);
  });

  it("refuses the model it already ran on, and a model that takes fewer inputs", async () => {
    const h = await harnesses.open();
    const uploads = [];
    for (let index = 0; index < 12; index += 1) uploads.push(await uploadPhoto(h.store, A, 40 + index, 30));
    const start = await h.jobs.start(A, { model: "seedream-4-5", settings: { prompt: "all of them", seed: 9 }, inputImageIds: uploads.map((upload) => upload.id) });
    await expect(h.jobs.branch(A, start.id, "seedream-4-5")).rejects.toThrow("This step already ran on Seedream 4.5; pick another model to compare with.");
    await expect(h.jobs.branch(A, start.id, "seedream-v4")).rejects.toThrow("This step has 12 inputs and Seedream v4 takes at most 10.");
    expect(await h.jobs.branch("visitor-b-branch-000000", start.id, "seedream-v4")).toBeNull();
  });
});

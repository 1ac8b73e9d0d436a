import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { buildLineageView } from "@/lib/shared/lineage/build-view";
import { LINEAGE_MAX_IMAGES, type LineageView } from "@/lib/shared/lineage/types";
import type { Store } from "@/lib/server/store";
import { chain, only, step, upload, type Made } from "./support/family-steps";
import { useTempStore } from "./support/store-fixtures";

const stores = useTempStore();
afterEach(() => stores.cleanup());

const A = "visitor-a-lineage";
const B = "visitor-b-lineage";

async function lineage(store: Store, visitorId: string, imageId: string, maxImages?: number): Promise<LineageView> {
  const family = await store.lineage.family(visitorId, imageId, { maxImages });
  if (!family) throw new Error(`No family for ${imageId}.`);
  return buildLineageView(family);
}

const ids = (list: readonly { id: string }[]) => list.map((entry) => entry.id);
const sorted = (list: readonly string[]) => [...list].sort();
const edgesOf = (view: LineageView) => view.edges.map((edge) => `${edge.from}>${edge.generationId}#${edge.inputIndex}`);

describe("an image's family", () => {
  it("generate, refine three times, branch at step 2: five images and four edges from any member", async () => {
    const store = await stores.open(await stores.dataDir());
    const generate = await step(store, A, [], { prompt: "a lighthouse" });
    const [refine1, refine2, refine3] = await chain(store, A, generate.outputs[0]!.id, 3);
    const branch = await step(store, A, [refine2!.outputs[0]!.id], { prompt: "the branch" });
    const made = [generate, refine1!, refine2!, refine3!, branch];
    const everyImage = made.map((entry) => only(entry.outputs).id);
    const expectedEdges = [
      `${everyImage[0]}>${refine1!.generation.id}#0`,
      `${everyImage[1]}>${refine2!.generation.id}#0`,
      `${everyImage[2]}>${refine3!.generation.id}#0`,
      `${everyImage[2]}>${branch.generation.id}#0`,
    ];

    for (const focus of everyImage) {
      const view = await lineage(store, A, focus);
      expect(view.focusId).toBe(focus);
      expect(ids(view.images), `images seen from ${focus}`).toEqual(everyImage);
      expect(ids(view.generations)).toEqual(made.map((entry) => entry.generation.id));
      expect(view.generations.map((generation) => ids(generation.outputs))).toEqual(everyImage.map((id) => [id]));
      expect(sorted(edgesOf(view))).toEqual(sorted(expectedEdges));
      expect(view.truncated).toBe(false);
    }
  });

  it("a 4×4 fan-out: one job with four outputs, each edited into a four-output job, twenty images together", async () => {
    const store = await stores.open(await stores.dataDir());
    const root = await step(store, A, [], { outputs: 4 });
    const children: Made[] = [];
    for (const output of root.outputs) children.push(await step(store, A, [output.id], { outputs: 4 }));
    const all = [...root.outputs, ...children.flatMap((child) => child.outputs)];

    for (const focus of [root.outputs[2]!, children[1]!.outputs[3]!]) {
      const view = await lineage(store, A, focus.id);
      expect(sorted(ids(view.images))).toEqual(sorted(ids(all)));
      expect(ids(view.generations)).toEqual([root.generation.id, ...children.map((child) => child.generation.id)]);
      for (const [index, generation] of view.generations.entries()) {
        expect(generation.outputs.map((output) => output.id)).toEqual(ids(index === 0 ? root.outputs : children[index - 1]!.outputs));
      }
      expect(sorted(edgesOf(view))).toEqual(
        sorted(children.map((child, index) => `${root.outputs[index]!.id}>${child.generation.id}#0`)),
      );
    }
  });

  it("an edit of two inputs keeps their order, and an image used twice has an edge per use", async () => {
    const store = await stores.open(await stores.dataDir());
    const [first, second] = [await upload(store, A), await upload(store, A)];
    const blend = await step(store, A, [second.id, first.id, second.id]);
    const output = only(blend.outputs);

    const view = await lineage(store, A, output.id);
    expect(ids(view.images)).toEqual([first.id, second.id, output.id]);
    expect(view.edges).toEqual([
      { from: second.id, generationId: blend.generation.id, inputIndex: 0 },
      { from: first.id, generationId: blend.generation.id, inputIndex: 1 },
      { from: second.id, generationId: blend.generation.id, inputIndex: 2 },
    ]);
    expect(view.generations[0]?.inputImageIds).toEqual([second.id, first.id, second.id]);

    // From one parent: what came of it, and the other picture that went into it, so the edit's
    // every input is drawn.
    const fromSecond = await lineage(store, A, second.id);
    expect(ids(fromSecond.images)).toEqual([first.id, second.id, output.id]);
    expect(fromSecond.edges.map((edge) => edge.inputIndex)).toEqual([0, 1, 2]);
  });

  it("a descendant's other parent joins with the step that made it, but not its own family", async () => {
    const store = await stores.open(await stores.dataDir());
    const photo = await upload(store, A);
    const [night] = await chain(store, A, photo.id, 1);
    // Another family: an upload edited once; its result becomes the second input of an edit of night.
    const other = await upload(store, A);
    const moon = await step(store, A, [other.id], { prompt: "a moon" });
    const sibling = await step(store, A, [other.id], { prompt: "a sun" });
    const blend = await step(store, A, [only(night!.outputs).id, only(moon.outputs).id], { prompt: "put image 2 in image 1" });

    const view = await lineage(store, A, photo.id);
    expect(sorted(ids(view.images))).toEqual(sorted([photo.id, only(night!.outputs).id, only(moon.outputs).id, only(blend.outputs).id]));
    expect(ids(view.generations)).toEqual([night!.generation.id, moon.generation.id, blend.generation.id]);
    expect(sorted(edgesOf(view))).toEqual(
      sorted([
        `${photo.id}>${night!.generation.id}#0`,
        `${only(night!.outputs).id}>${blend.generation.id}#0`,
        `${only(moon.outputs).id}>${blend.generation.id}#1`,
      ]),
    );
    // The moon's own upload and its sibling step belong to the moon's family, not this one.
    expect(ids(view.images)).not.toContain(other.id);
    expect(ids(view.generations)).not.toContain(sibling.generation.id);
  });

  it("answers another visitor's id exactly like a missing one", async () => {
    const store = await stores.open(await stores.dataDir());
    const made = await step(store, A, [(await upload(store, A)).id]);
    const theirs = await upload(store, B);
    await step(store, B, [theirs.id]);

    expect(await store.lineage.family(B, only(made.outputs).id)).toBeNull();
    expect(await store.lineage.family(B, made.generation.inputImageIds[0]!)).toBeNull();
    expect(await store.lineage.family(A, randomUUID())).toBeNull();
    const own = await lineage(store, B, theirs.id);
    expect(own.images).toHaveLength(2);
    expect(ids(own.images)).not.toContain(only(made.outputs).id);
  });

  it("keeps deleted images that a live step still uses, and leaves out deleted ones nothing uses", async () => {
    const store = await stores.open(await stores.dataDir());
    const photo = await upload(store, A);
    const pair = await step(store, A, [photo.id], { outputs: 2 });
    const [used, unused] = pair.outputs;
    const refined = only((await step(store, A, [used!.id])).outputs);
    await store.images.delete(A, photo.id);
    await store.images.delete(A, unused!.id);

    const view = await lineage(store, A, refined.id);
    expect(ids(view.images)).toEqual([photo.id, used!.id, refined.id]);
    expect(view.generations.map((generation) => ids(generation.outputs))).toEqual([[used!.id], [refined.id]]);
    expect(view.edges).toHaveLength(2);

    // Deleting its last live output dismisses the first step, which lets the upload go; the step
    // stays in the family, since its output is still an input of the refinement.
    await store.images.delete(A, used!.id);
    expect(await store.generations.get(A, pair.generation.id)).toBeNull();
    const after = await lineage(store, A, refined.id);
    expect(ids(after.images)).toEqual([used!.id, refined.id]);
    expect(ids(after.generations)).toEqual([pair.generation.id, (await store.images.get(A, refined.id))!.generationId]);
    expect(after.generations[0]?.inputImageIds).toEqual([photo.id]);
    expect(edgesOf(after)).toEqual([`${used!.id}>${after.generations[1]!.id}#0`]);
    expect(await store.lineage.family(A, photo.id)).toBeNull();
  });

  it("at the bound, keeps the images nearest the focus and says it left some out", async () => {
    const store = await stores.open(await stores.dataDir());
    const root = await step(store, A, [], { outputs: 4 });
    const children: Made[] = [];
    for (const output of root.outputs) children.push(await step(store, A, [output.id], { outputs: 4 }));
    const focus = children[0]!.outputs[0]!;

    // Nearest first: the focus's siblings and parent (1 step), the parent's siblings (2), then the cousins (3).
    const view = await lineage(store, A, focus.id, 8);
    expect(view.truncated).toBe(true);
    expect(sorted(ids(view.images))).toEqual(sorted(ids([...root.outputs, ...children[0]!.outputs])));
    expect(ids(view.generations)).toEqual([root.generation.id, children[0]!.generation.id]);
    expect((await lineage(store, A, focus.id, 20)).truncated).toBe(false);
  });

  it(`stops at LINEAGE_MAX_IMAGES (${LINEAGE_MAX_IMAGES}) on a longer chain, dropping its far end`, async () => {
    const store = await stores.open(await stores.dataDir());
    const start = await upload(store, A);
    const steps = await chain(store, A, start.id, LINEAGE_MAX_IMAGES);
    const tip = only(steps.at(-1)!.outputs);

    const view = await lineage(store, A, tip.id);
    expect(view.truncated).toBe(true);
    expect(view.images).toHaveLength(LINEAGE_MAX_IMAGES);
    expect(ids(view.images)).not.toContain(start.id);
    expect(ids(view.images)).toContain(only(steps[0]!.outputs).id);
    expect(view.edges).toHaveLength(LINEAGE_MAX_IMAGES - 1);
    expect(view.generations).toHaveLength(LINEAGE_MAX_IMAGES);
  }, 60_000);

  it("a 30-step chain, from its middle: every step in order", async () => {
    const store = await stores.open(await stores.dataDir());
    const start = await upload(store, A);
    const steps = await chain(store, A, start.id, 30);

    const view = await lineage(store, A, only(steps[14]!.outputs).id);
    expect(ids(view.images)).toEqual([start.id, ...steps.map((entry) => only(entry.outputs).id)]);
    expect(ids(view.generations)).toEqual(steps.map((entry) => entry.generation.id));
    expect(view.generations.map((generation) => generation.prompt)).toEqual(steps.map((_, index) => `chain step ${index + 1}`));
    expect(view.edges).toEqual(
      steps.map((entry, index) => ({
        from: index === 0 ? start.id : only(steps[index - 1]!.outputs).id,
        generationId: entry.generation.id,
        inputIndex: 0,
      })),
    );
  });
});

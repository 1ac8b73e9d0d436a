import { afterEach, describe, expect, it } from "vitest";
import type { GalleryItem, Store } from "@/lib/server/store";
import { png, SETTINGS, useTempStore } from "./support/store-fixtures";
import { storeKinds } from "./support/store-kinds";


const A = "visitor-a";
const TEXT = "bytedance/seedream-v4-text-to-image";

function idOf(item: GalleryItem): string {
  return item.kind === "generation" ? item.generation.id : item.image.id;
}

async function textToImage(store: Store, prompt: string) {
  return store.generations.create({ visitorId: A, model: TEXT, prompt, parameters: SETTINGS, inputImageIds: [] });
}

async function readAllPages(store: Store, limit: number, between?: () => Promise<void>) {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const page = await store.gallery.list(A, { cursor, limit });
    pages.push(page.items.map(idOf));
    cursor = page.nextCursor;
    if (cursor && between) await between();
  } while (cursor);
  return pages;
}

describe.each(storeKinds)("store gallery on %s", (kind) => {
  const stores = useTempStore(kind);
  afterEach(() => stores.cleanup());

  it("list newest first across pages, pending and failed jobs included, deleted images left out", async () => {
    const store = await stores.open(await stores.dataDir());
    const made: string[] = [];
    for (let index = 0; index < 4; index += 1) {
      made.push((await store.images.save({ visitorId: A, origin: "upload", ...(await png(64, 64, index)) })).id);
      made.push((await textToImage(store, `picture ${index}`)).id);
    }
    // made: u0 g0 u1 g1 u2 g2 u3 g3, oldest first
    const [, g0, u1, g1, , g2] = made;
    await store.runs.markRunning(g0!);
    await store.runs.complete(g0!, { outputs: [await png(128, 128, 50)] });
    await store.runs.markRunning(g1!);
    await store.runs.fail(g1!, { code: "safety_rejected", message: "Refused." });
    await store.runs.markRunning(g2!);
    await store.images.delete(A, u1!);

    const pages = await readAllPages(store, 3);
    const expected = made.filter((id) => id !== u1).reverse();
    expect(pages).toEqual([expected.slice(0, 3), expected.slice(3, 6), expected.slice(6)]);

    const items = (await store.gallery.list(A, { limit: 100 })).items;
    const status = (id: string) => {
      const item = items.find((candidate) => idOf(candidate) === id);
      return item?.kind === "generation" ? [item.generation.status, item.outputs.length] : null;
    };
    expect([status(g0!), status(g1!), status(g2!), status(made[7]!)]).toEqual([
      ["succeeded", 1],
      ["failed", 0],
      ["running", 0],
      ["queued", 0],
    ]);
  });

  it("stay stable when new items arrive between pages", async () => {
    const store = await stores.open(await stores.dataDir());
    const existing: string[] = [];
    for (let index = 0; index < 7; index += 1) existing.push((await textToImage(store, `old ${index}`)).id);

    let arrivals = 0;
    const pages = await readAllPages(store, 3, async () => {
      arrivals += 1;
      await textToImage(store, `new ${arrivals}`);
      await store.images.save({ visitorId: A, origin: "upload", ...(await png(32, 32, 100 + arrivals)) });
    });

    expect(arrivals).toBe(2);
    expect(pages.flat()).toEqual([...existing].reverse());
    expect((await store.gallery.list(A, { limit: 100 })).items).toHaveLength(11);
  });

  it("cap the page size and refuse a forged cursor", async () => {
    const store = await stores.open(await stores.dataDir());
    for (let index = 0; index < 3; index += 1) await textToImage(store, `p ${index}`);
    expect((await store.gallery.list(A, { limit: 0 })).items).toHaveLength(1);
    expect((await store.gallery.list(A, { limit: 1000 })).items).toHaveLength(3);
    await expect(store.gallery.list(A, { cursor: "not a cursor" })).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("give an output's lineage: its generation and its inputs in the order they were sent", async () => {
    const store = await stores.open(await stores.dataDir());
    const [red, green, blue] = await Promise.all(
      [1, 2, 3].map(async (shade) => store.images.save({ visitorId: A, origin: "upload", ...(await png(96, 96, shade)) })),
    );
    const generation = await store.generations.create({
      visitorId: A,
      model: "bytedance/seedream-v4-edit",
      prompt: "blend them",
      parameters: SETTINGS,
      inputImageIds: [blue!.id, red!.id, green!.id, red!.id],
    });
    await store.runs.markRunning(generation.id);
    await store.runs.complete(generation.id, { outputs: [await png(256, 256, 60)], seed: 5 });
    const [newest] = (await store.gallery.list(A)).items;
    const output = newest?.kind === "generation" ? newest.outputs[0] : undefined;

    const family = await store.lineage.family(A, output!.id);
    expect(family?.focus.id).toBe(output!.id);
    const made = family?.generations.find((candidate) => candidate.id === output!.generationId);
    expect(made).toMatchObject({ id: generation.id, prompt: "blend them", seed: 5 });
    expect(made?.inputImageIds).toEqual([blue!.id, red!.id, green!.id, red!.id]);
    expect(family?.images.map((image) => image.id)).toEqual(expect.arrayContaining([blue!.id, red!.id, green!.id]));
    expect(await store.lineage.chain(A, output!.id, 10)).toEqual([{ generation: made, outputIndex: 0 }]);

    expect((await store.lineage.family(A, red!.id))?.focus).toEqual(red);
    expect(await store.lineage.chain(A, red!.id, 10)).toEqual([]);
  });
});

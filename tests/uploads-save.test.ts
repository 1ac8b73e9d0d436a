import { afterEach, describe, expect, it } from "vitest";
import { isUploadError } from "@/lib/server/uploads/normalize-upload";
import { saveUploads } from "@/lib/server/uploads/save-uploads";
import { png, useTempStore } from "./support/store-fixtures";

const stores = useTempStore();
afterEach(() => stores.cleanup());

const pngFile = async (name: string, shade: number) => ({ name, bytes: (await png(64, 48, shade)).bytes });

describe("a batch of uploads is kept whole or not at all", () => {
  it("keeps every file of a good batch, in order", async () => {
    const store = await stores.open(await stores.dataDir());
    const saved = await saveUploads(store, "visitor-a", [await pngFile("one.png", 1), await pngFile("two.png", 2)]);
    expect(saved.map((image) => image.fileName)).toEqual(["one.png", "two.png"]);
    const { items } = await store.gallery.list("visitor-a");
    expect(items.map((item) => (item.kind === "upload" ? item.image.id : null)).sort()).toEqual(saved.map((image) => image.id).sort());
  });

  it("takes back the files already kept when a later one is refused, and says which file it was", async () => {
    const store = await stores.open(await stores.dataDir());
    const batch = [await pngFile("one.png", 1), await pngFile("two.png", 2), { name: "notes.png", bytes: Buffer.from("just text") }];
    const refusal = await saveUploads(store, "visitor-a", batch).catch((error: unknown) => error);
    expect(isUploadError(refusal)).toBe(true);
    expect((refusal as Error).message).toContain("notes.png");
    expect((await store.gallery.list("visitor-a")).items).toEqual([]);
  });
});

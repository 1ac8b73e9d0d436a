import { createHash } from "node:crypto";
import { join } from "node:path";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { StoreError } from "@/lib/server/store";
import { filesUnder, png, SETTINGS, streamToBuffer, useTempStore } from "./support/store-fixtures";
import { storeKinds } from "./support/store-kinds";
import { readyThumbnail } from "@/lib/server/images/thumbnail";


const A = "visitor-a";

describe.each(storeKinds)("store images on %s", (kind) => {
  const stores = useTempStore(kind);
  afterEach(() => stores.cleanup());

  it("read back byte-identical, with a real WebP thumbnail no longer than 512 px", async () => {
    const store = await stores.open(await stores.dataDir());
    const picture = await png(1600, 900, 1);
    const saved = await store.images.save({ visitorId: A, origin: "upload", fileName: "beach.png", ...picture });

    expect(saved).toMatchObject({
      visitorId: A,
      origin: "upload",
      fileName: "beach.png",
      mime: "image/png",
      width: 1600,
      height: 900,
      bytes: picture.bytes.length,
      deletedAt: null,
    });
    expect(saved.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await store.images.read(A, saved.id))?.equals(picture.bytes)).toBe(true);

    const original = await store.images.open(A, saved.id, "original");
    expect(original).toMatchObject({ size: picture.bytes.length, mime: "image/png", etag: `"${saved.sha256}"` });
    expect((await streamToBuffer(original!.stream)).equals(picture.bytes)).toBe(true);

    const thumbnail = await store.images.open(A, saved.id, "thumbnail");
    expect(thumbnail?.mime).toBe("image/webp");
    expect(thumbnail?.etag).not.toBe(original?.etag);
    const thumbnailBytes = await streamToBuffer(thumbnail!.stream);
    expect(thumbnailBytes.length).toBe(thumbnail?.size);
    const metadata = await sharp(thumbnailBytes).metadata();
    expect(metadata).toMatchObject({ format: "webp", width: 512, height: 288 });
  });

  it("make the thumbnail when the image is stored, not when it is first asked for", async () => {
    const dataDir = await stores.dataDir();
    const store = await stores.open(dataDir);
    const saved = await store.images.save({ visitorId: A, origin: "upload", ...(await png(900, 1200, 8)) });
    // Closing waits for background work; nothing has asked for the thumbnail yet.
    await stores.close(store);
    const key = saved.blobKey;
    const onDisk = await (await stores.files(dataDir)).read("thumbs", `${key.slice(0, 2)}/${key}.webp`);
    const metadata = await sharp(onDisk).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(["webp", 384, 512]);
  });

  it("store the thumbnail made from pixels already decoded as it is, without decoding the original again", async () => {
    const dataDir = await stores.dataDir();
    const store = await stores.open(dataDir);
    const handedOver = await sharp((await png(512, 288, 3)).bytes).webp({ quality: 5 }).toBuffer();
    const saved = await store.images.save({ visitorId: A, origin: "upload", ...(await png(1600, 900, 4)), thumbnail: readyThumbnail(handedOver) });
    const thumbnail = await store.images.open(A, saved.id, "thumbnail");
    expect((await streamToBuffer(thumbnail!.stream)).equals(handedOver)).toBe(true);
  });

  it("make the thumbnail from the original when the one handed over failed", async () => {
    const store = await stores.open(await stores.dataDir());
    const saved = await store.images.save({ visitorId: A, origin: "upload", ...(await png(1600, 900, 5)), thumbnail: readyThumbnail(null) });
    const thumbnail = await store.images.open(A, saved.id, "thumbnail");
    const metadata = await sharp(await streamToBuffer(thumbnail!.stream)).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(["webp", 512, 288]);
  });

  it("refuse bytes that disagree with their declared type or size", async () => {
    const store = await stores.open(await stores.dataDir());
    const picture = await png(300, 200, 9);
    for (const declared of [{ width: 200, height: 300 }, { mime: "image/jpeg" as const }]) {
      await expect(store.images.save({ visitorId: A, origin: "upload", ...picture, ...declared })).rejects.toMatchObject({
        code: "invalid_input",
      });
    }
  });

  it("never upscale a small picture for its thumbnail", async () => {
    const store = await stores.open(await stores.dataDir());
    const saved = await store.images.save({ visitorId: A, origin: "upload", ...(await png(300, 200, 2)) });
    const thumbnail = await store.images.open(A, saved.id, "thumbnail");
    const metadata = await sharp(await streamToBuffer(thumbnail!.stream)).metadata();
    expect([metadata.width, metadata.height]).toEqual([300, 200]);
  });

  it("keep everything across a close and reopen", async () => {
    const dataDir = await stores.dataDir();
    const first = await stores.open(dataDir);
    const picture = await png(640, 480, 3);
    const saved = await first.images.save({ visitorId: A, origin: "upload", ...picture });
    const generation = await first.generations.create({
      visitorId: A,
      model: "bytedance/seedream-v4-edit",
      prompt: "make it night",
      parameters: SETTINGS,
      inputImageIds: [saved.id],
    });
    await stores.close(first);

    const second = await stores.open(dataDir);
    expect(await second.images.get(A, saved.id)).toEqual(saved);
    expect((await second.images.read(A, saved.id))?.equals(picture.bytes)).toBe(true);
    expect(await second.generations.get(A, generation.id)).toEqual(generation);
    expect((await second.gallery.list(A)).items).toHaveLength(2);
  });

  it("write blobs atomically, once per content, and leave no temp files", async () => {
    const dataDir = await stores.dataDir();
    const store = await stores.open(dataDir);
    const picture = await png(256, 256, 4);
    const [first, second] = await Promise.all([
      store.images.save({ visitorId: A, origin: "upload", ...picture }),
      store.images.save({ visitorId: "visitor-b", origin: "upload", ...picture }),
    ]);

    expect(first.id).not.toBe(second.id);
    expect(first.blobKey).toBe(second.blobKey);
    // Asking for a thumbnail waits for the one being made in the background.
    await streamToBuffer((await store.images.open(A, first.id, "thumbnail"))!.stream);
    const key = first.blobKey;
    expect(key).toBe(createHash("sha256").update(picture.bytes).digest("hex"));
    expect(await (await stores.files(dataDir)).list("blobs")).toEqual([`${key.slice(0, 2)}/${key}`]);
    expect(await (await stores.files(dataDir)).list("thumbs")).toEqual([`${key.slice(0, 2)}/${key}.webp`]);
    const files = await stores.files(dataDir);
    const blobFile = `${key.slice(0, 2)}/${key}`;
    const thumbnailFile = `${key.slice(0, 2)}/${key}.webp`;
    expect((await files.read("blobs", blobFile)).equals(picture.bytes)).toBe(true);

    // A third save of the same bytes reuses the files as they are: same inode, not rewritten.
    const before = await files.stat("blobs", blobFile);
    const thumbnailBefore = await files.stat("thumbs", thumbnailFile);
    await store.images.save({ visitorId: A, origin: "upload", ...picture });
    expect((await files.stat("blobs", blobFile)).ino).toBe(before.ino);
    expect((await files.stat("thumbs", thumbnailFile)).ino).toBe(thumbnailBefore.ino);
  });

  it("remove a blob only when the last live row that uses it is deleted", async () => {
    const dataDir = await stores.dataDir();
    const store = await stores.open(dataDir);
    const picture = await png(256, 256, 5);
    const first = await store.images.save({ visitorId: A, origin: "upload", ...picture });
    const second = await store.images.save({ visitorId: A, origin: "upload", ...picture });

    expect(await store.images.delete(A, first.id)).toBe(true);
    expect(await store.images.delete(A, first.id)).toBe(false);
    expect(await store.images.get(A, first.id)).toBeNull();
    expect(await store.images.open(A, first.id, "original")).toBeNull();
    expect((await store.images.read(A, second.id))?.equals(picture.bytes)).toBe(true);
    expect(await (await stores.files(dataDir)).list("blobs")).toHaveLength(1);

    expect(await store.images.delete(A, second.id)).toBe(true);
    expect(await (await stores.files(dataDir)).list("blobs")).toEqual([]);
    expect(await (await stores.files(dataDir)).list("thumbs")).toEqual([]);
  });

  it("keep a deleted upload readable while a generation still uses it as an input", async () => {
    const dataDir = await stores.dataDir();
    const store = await stores.open(dataDir);
    const picture = await png(320, 240, 6);
    const upload = await store.images.save({ visitorId: A, origin: "upload", ...picture });
    const generation = await store.generations.create({
      visitorId: A,
      model: "bytedance/seedream-v4-edit",
      prompt: "add a hat",
      parameters: SETTINGS,
      inputImageIds: [upload.id],
    });
    await store.runs.markRunning(generation.id);
    await store.runs.fail(generation.id, { code: "provider_error", message: "Try again." });

    expect(await store.images.delete(A, upload.id)).toBe(true);
    const gallery = await store.gallery.list(A);
    expect(gallery.items.map((item) => item.kind)).toEqual(["generation"]);
    // Retry still has its input, and says it was deleted.
    expect((await store.images.get(A, upload.id))?.deletedAt).not.toBeNull();
    expect((await store.images.read(A, upload.id))?.equals(picture.bytes)).toBe(true);

    expect(await store.generations.dismiss(A, generation.id)).toBe(true);
    expect(await store.images.get(A, upload.id)).toBeNull();
    expect(await (await stores.files(dataDir)).list("blobs")).toEqual([]);
  });

  it("refuse bytes that are not an image, leaving nothing on disk", async () => {
    const dataDir = await stores.dataDir();
    const store = await stores.open(dataDir);
    const notAnImage = Buffer.from("this is a text file named photo.png");
    const attempt = store.images.save({
      visitorId: A,
      origin: "upload",
      bytes: notAnImage,
      mime: "image/png",
      width: 10,
      height: 10,
    });
    await expect(attempt).rejects.toBeInstanceOf(StoreError);
    await expect(attempt).rejects.toMatchObject({ code: "invalid_input" });
    expect(await filesUnder(dataDir)).not.toContainEqual(expect.stringMatching(/^(blobs|thumbs)\//));
    expect(await (await stores.files(dataDir)).list("blobs")).toEqual([]);
    expect(await (await stores.files(dataDir)).list("thumbs")).toEqual([]);
    expect((await store.gallery.list(A)).items).toEqual([]);
  });

  it("make a lost thumbnail again from the original", async () => {
    const dataDir = await stores.dataDir();
    const store = await stores.open(dataDir);
    const saved = await store.images.save({ visitorId: A, origin: "upload", ...(await png(1024, 1024, 7)) });
    await streamToBuffer((await store.images.open(A, saved.id, "thumbnail"))!.stream);
    await (await stores.files(dataDir)).remove("thumbs", `${saved.blobKey.slice(0, 2)}/${saved.blobKey}.webp`);

    const thumbnail = await store.images.open(A, saved.id, "thumbnail");
    const metadata = await sharp(await streamToBuffer(thumbnail!.stream)).metadata();
    expect([metadata.format, metadata.width]).toEqual(["webp", 512]);
  });

  it("save many images at once without a busy database", async () => {
    const store = await stores.open(await stores.dataDir());
    const pictures = await Promise.all(Array.from({ length: 12 }, (_, shade) => png(128, 128, 10 + shade)));
    const saved = await Promise.all(pictures.map((picture) => store.images.save({ visitorId: A, origin: "upload", ...picture })));
    expect(new Set(saved.map((image) => image.id)).size).toBe(12);
    expect((await store.gallery.list(A, { limit: 100 })).items).toHaveLength(12);
  });
});

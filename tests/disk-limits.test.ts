import { afterEach, describe, expect, it, vi } from "vitest";
import { parseEnv } from "@/lib/server/env";
import { pruneAbandonedVisitors } from "@/lib/server/retention";
import type { Store } from "@/lib/server/store";
import { checkStorageRoom, diskLimitsFrom, ROOMY_FOR_MS, type DiskLimits } from "@/lib/server/uploads/disk-allowance";
import { saveUploads } from "@/lib/server/uploads/save-uploads";
import { png, useTempStore } from "./support/store-fixtures";
import { storeKinds } from "./support/store-kinds";

/**
 * An open studio must not be fillable to a full disk: uploads count toward an hourly allowance
 * per visitor and per address, all image files toward a storage cap, and visitors who never come
 * back are removed after a set number of days (off unless set). The clock is faked.
 */
const A = "visitor-a-disk-limits-00";
const B = "visitor-b-disk-limits-00";
const HOME = "203.0.113.7";
const pngFile = async (name: string, shade: number) => ({ name, bytes: (await png(64, 48, shade)).bytes });

async function gallerySize(store: Store, visitorId: string): Promise<number> {
  return (await store.gallery.list(visitorId, {})).items.length;
}

describe.each(storeKinds)("on %s", (kind) => {
  const stores = useTempStore(kind);
  // Record ids never go back in time within a process, so each kind's clock starts past the last one's.
  const yearsAhead = storeKinds.indexOf(kind) * 20;
  const clockAt = (iso: string) => {
    const at = new Date(iso);
    at.setUTCFullYear(at.getUTCFullYear() + yearsAhead);
    vi.setSystemTime(at);
  };
  afterEach(async () => {
    vi.useRealTimers();
    await stores.cleanup();
  });

  describe("the hourly upload allowance", () => {
    it("refuses a batch past it, per visitor and per address, with a sentence, and keeps nothing of it", async () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      clockAt("2040-03-01T10:00:00Z");
      const store = await stores.open(await stores.dataDir());
      const one = await pngFile("one.png", 1);
      // Room for about two such files an hour.
      const limits: DiskLimits = { uploadBytesPerHour: one.bytes.length * 2 + 10, storageBytes: null };
      const allowance = { limits, clientIp: HOME };

      await saveUploads(store, A, [one, await pngFile("two.png", 2)], allowance);
      const refused = await saveUploads(store, A, [await pngFile("three.png", 3)], allowance).catch((error: unknown) => error);
      expect(refused).toMatchObject({ name: "QuotaError", message: expect.stringMatching(/^You've uploaded \d+ kB in the last hour; the limit here is \d+ kB an hour, so \d+ kB more won't fit yet\.$/) });
      expect(await gallerySize(store, A)).toBe(2);

      // A fresh cookie from the same address is still the same address.
      const fromHome = await saveUploads(store, B, [await pngFile("four.png", 4)], allowance).catch((error: unknown) => error);
      expect(fromHome).toMatchObject({ message: expect.stringMatching(/^Your network has uploaded/) });
      expect(await saveUploads(store, B, [await pngFile("five.png", 5)], { limits, clientIp: "198.51.100.9" })).toHaveLength(1);

      clockAt("2040-03-01T11:00:01Z");
      expect(await saveUploads(store, A, [await pngFile("six.png", 6)], allowance)).toHaveLength(1);
    });
  });

  describe("the storage cap", () => {
    it("refuses anything more to keep once the image files reach it, and frees room as images go", async () => {
      const store = await stores.open(await stores.dataDir());
      const [first] = await saveUploads(store, A, [await pngFile("one.png", 1)]);
      const stored = await store.disk.storedBytes();
      expect(stored).toBeGreaterThan(0);
      const limits: DiskLimits = { uploadBytesPerHour: null, storageBytes: stored };

      const refused = await saveUploads(store, A, [await pngFile("two.png", 2)], { limits }).catch((error: unknown) => error);
      expect(refused).toMatchObject({ name: "QuotaError", message: expect.stringMatching(/^This studio's storage is full \(\d+ kB\); nothing more can be kept until images are deleted or the limit is raised\.$/) });
      await expect(checkStorageRoom(store, limits)).rejects.toMatchObject({ name: "QuotaError" });

      await store.images.delete(A, first!.id);
      expect(await store.disk.storedBytes()).toBe(0);
      expect(await saveUploads(store, A, [await pngFile("two.png", 2)], { limits })).toHaveLength(1);
    });

    it("sums the files again only near the cap, or once a minute while under half of it", async () => {
      const store = await stores.open(await stores.dataDir());
      await saveUploads(store, A, [await pngFile("one.png", 3)]);
      const stored = await store.disk.storedBytes();
      let sums = 0;
      const counted = { ...store, disk: { ...store.disk, storedBytes: () => (sums++, store.disk.storedBytes()) } };
      const now = Date.now();

      const roomy: DiskLimits = { uploadBytesPerHour: null, storageBytes: stored * 3 };
      for (let check = 0; check < 5; check++) await checkStorageRoom(counted, roomy, now + check * 1_000);
      expect(sums).toBe(1);
      await checkStorageRoom(counted, roomy, now + ROOMY_FOR_MS + 1);
      expect(sums).toBe(2);

      sums = 0;
      const near = await stores.open(await stores.dataDir());
      await saveUploads(near, A, [await pngFile("one.png", 3)]);
      const nearCounted = { ...near, disk: { ...near.disk, storedBytes: () => (sums++, near.disk.storedBytes()) } };
      const tight: DiskLimits = { uploadBytesPerHour: null, storageBytes: stored + 1 };
      for (let check = 0; check < 3; check++) await checkStorageRoom(nearCounted, tight, now + check);
      expect(sums).toBe(3);
    });

    it("counts equal bytes kept twice once, as the disk does", async () => {
      const store = await stores.open(await stores.dataDir());
      const same = await pngFile("same.png", 9);
      await saveUploads(store, A, [same]);
      const once = await store.disk.storedBytes();
      await saveUploads(store, B, [same]);
      expect(await store.disk.storedBytes()).toBe(once);
    });
  });

  describe("retention", () => {
    it("removes visitors not seen for N days with their images and files, and keeps everyone else's", async () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      const dataDir = await stores.dataDir();
      const store = await stores.open(dataDir);
      clockAt("2040-05-01T09:00:00Z");
      await saveUploads(store, A, [await pngFile("mine.png", 1), await pngFile("shared.png", 7)]);
      clockAt("2040-05-08T09:00:00Z");
      await saveUploads(store, B, [await pngFile("yours.png", 2), await pngFile("shared.png", 7)]);

      clockAt("2040-05-10T09:00:00Z");
      expect(await pruneAbandonedVisitors(store, 10)).toBe(0);
      clockAt("2040-05-11T09:00:01Z");
      expect(await pruneAbandonedVisitors(store, 10)).toBe(1);

      expect(await gallerySize(store, A)).toBe(0);
      expect(await gallerySize(store, B)).toBe(2);
      // A's own file is gone; the one B kept too stays.
      expect(await (await stores.files(dataDir)).list("blobs")).toHaveLength(2);
    });
  });
});

describe("retention and the limits, as set", () => {
  it("is off unless set, and a bad value stops start-up with a sentence", () => {
    expect(parseEnv({})).toMatchObject({ STUDIO_RETENTION_DAYS: null, STUDIO_UPLOAD_LIMIT_MB: 500, STUDIO_STORAGE_LIMIT_GB: 20 });
    expect(parseEnv({ STUDIO_RETENTION_DAYS: "30", STUDIO_STORAGE_LIMIT_GB: "off" })).toMatchObject({ STUDIO_RETENTION_DAYS: 30, STUDIO_STORAGE_LIMIT_GB: null });
    expect(() => parseEnv({ STUDIO_RETENTION_DAYS: "a month" })).toThrow('STUDIO_RETENTION_DAYS must be a whole number of days up to 36500, or "off"');
    expect(diskLimitsFrom({ uploadMegabytesPerHour: 2, storageGigabytes: 1 })).toEqual({ uploadBytesPerHour: 2 * 1024 ** 2, storageBytes: 1024 ** 3 });
  });
});

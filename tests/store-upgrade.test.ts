import { createHash } from "node:crypto";
import { cp } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { expectedOfFixture, FIXTURE, readAsRecorded } from "./support/recorded-fixture";
import { streamToBuffer, useTempStore } from "./support/store-fixtures";

const stores = useTempStore();
afterEach(() => stores.cleanup());

describe("a data dir made by an earlier main", () => {
  it("is upgraded in place and serves the same gallery, lineage and bytes", async () => {
    const expected = await expectedOfFixture();
    const dataDir = await stores.dataDir();
    await cp(FIXTURE, dataDir, { recursive: true });

    const store = await stores.open(dataDir);
    const { visitorId, focus, ...recorded } = expected;
    expect(await readAsRecorded(store, expected)).toEqual(recorded);
    // The fixture holds the cases that matter: an edit chain of three, a failed job, deleted images.
    expect(recorded.chain).toHaveLength(3);
    expect(recorded.gallery.some((item) => item.kind === "generation" && item.status === "failed")).toBe(true);

    for (const item of recorded.gallery) {
      const ids = item.kind === "upload" ? [item.id] : item.outputs;
      for (const id of ids) {
        const opened = await store.images.open(visitorId, id, "original");
        const bytes = await streamToBuffer(opened!.stream);
        expect(createHash("sha256").update(bytes).digest("hex")).toBe(opened!.record.sha256);
      }
    }
    expect(await store.images.get(visitorId, focus)).not.toBeNull();

    // Still writable, and the same on the next start.
    await store.visitors.ensure(visitorId);
    await stores.close(store);
    expect(await readAsRecorded(await stores.open(dataDir), expected)).toEqual(recorded);
  });
});

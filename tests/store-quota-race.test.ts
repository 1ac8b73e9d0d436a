import { afterEach, describe, expect, it } from "vitest";
import type { GenerationAdmission } from "@/lib/server/store";
import { SETTINGS, useTempStore } from "./support/store-fixtures";
import { storeKinds } from "./support/store-kinds";

const LIMIT = 5;
const CLIENT_IP = "203.0.113.7";

/**
 * Refuses once the IP's window already holds LIMIT images. Each attempt comes from another
 * visitor, so nothing but the quota lock keeps them apart (a visitor's own row would).
 */
const admission: GenerationAdmission = {
  windowStart: 0,
  clientIp: CLIENT_IP,
  admit(usage) {
    const taken = usage.clientIp.reduce((sum, counted) => sum + counted.images, 0);
    if (taken >= LIMIT) throw new Error("Over the quota.");
  },
};

describe.each(storeKinds)("quota admission on %s", (kind) => {
  const stores = useTempStore(kind);
  afterEach(() => stores.cleanup());

  it("lets two stores on the same records, racing, take the last image only once", async () => {
    const dataDir = await stores.dataDir();
    // Two stores on one database: two pools of connections, as two instances of the studio would have.
    const [first, second] = await Promise.all([stores.open(dataDir), stores.open(dataDir)]);
    const visitor = (index: number) => `visitor-${index}`;
    const attempts = Array.from({ length: 16 }, (_, index) =>
      (index % 2 === 0 ? first : second).generations.create(
        {
          visitorId: visitor(index),
          clientIp: CLIENT_IP,
          model: "bytedance/seedream-v4-text-to-image",
          prompt: `try ${index}`,
          parameters: SETTINGS,
          inputImageIds: [],
        },
        admission,
      ),
    );
    const settled = await Promise.allSettled(attempts);
    expect(settled.filter((result) => result.status === "fulfilled")).toHaveLength(LIMIT);
    const pages = await Promise.all(attempts.map((_, index) => second.gallery.list(visitor(index))));
    expect(pages.flatMap((page) => page.items)).toHaveLength(LIMIT);
  });
});

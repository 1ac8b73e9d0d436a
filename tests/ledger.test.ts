import { describe, expect, it } from "vitest";
import { todaysLedger } from "@/lib/server/ledger";
import { NO_QUOTAS } from "@/lib/server/quotas";
import { estimatedCredits, formatCredits } from "@/lib/shared/seedream/pricing";
import { clockAt, job, useQuotaStudio } from "./support/quota-studio";
import { storeKinds } from "./support/store-kinds";

const A = "visitor-a-ledger-0000000";
const B = "visitor-b-ledger-0000000";

describe.each(storeKinds)("on %s", (kind) => {
  const openStudio = useQuotaStudio(kind);

  describe("today's ledger", () => {
    it("sums the succeeded images and reported credits since UTC midnight, per visitor and for the owner", async () => {
      const studio = await openStudio(NO_QUOTAS);
      clockAt("2040-02-01T23:30:00Z");
      await studio.jobs.start(A, job("yesterday", 4));
      await studio.jobs.idle();

      clockAt("2040-02-02T09:00:00Z");
      const pair = await studio.jobs.start(A, job("a pair", 2));
      await studio.jobs.start(A, job("a single"));
      await studio.jobs.start(B, job("someone else's"));
      await studio.jobs.idle();
      // Deleting an output hides it; the credits were still spent.
      const outputs = (await studio.store.generations.withOutputs(A, pair.id))!.outputs;
      expect(await studio.store.images.delete(A, outputs[0]!.id)).toBe(true);
      // Only succeeded runs: a job canceled before it ran cost nothing.
      const canceled = await studio.store.generations.create({
        visitorId: A,
        model: "bytedance/seedream-v4-text-to-image",
        prompt: "never ran",
        parameters: { num_images: 4 },
        inputImageIds: [],
      });
      await studio.store.generations.cancel(A, canceled.id);

      expect(await todaysLedger(studio.store, A, { owner: false })).toEqual({
        visitor: { images: 3, credits: 189_000 },
        deployment: null,
      });
      expect(await todaysLedger(studio.store, B, { owner: true })).toEqual({
        visitor: { images: 1, credits: 63_000 },
        deployment: { images: 4, credits: 252_000 },
      });
      expect(await todaysLedger(studio.store, null, { owner: false })).toEqual({
        visitor: { images: 0, credits: 0 },
        deployment: null,
      });

      await studio.restart();
      clockAt("2040-02-03T00:00:00Z");
      expect(await todaysLedger(studio.store, A, { owner: true })).toEqual({
        visitor: { images: 0, credits: 0 },
        deployment: { images: 0, credits: 0 },
      });
    });
  });

  describe("the cost estimate", () => {
    it("prices Seedream v4 at 63,000 credits an image, 2,000,000 credits to the dollar", () => {
      expect(formatCredits(estimatedCredits(1))).toBe("63,000 credits ($0.0315)");
      expect(formatCredits(estimatedCredits(2))).toBe("126,000 credits ($0.063)");
      expect(formatCredits(estimatedCredits(4))).toBe("252,000 credits ($0.126)");
      expect(formatCredits(0)).toBe("0 credits ($0.00)");
      expect(formatCredits(2_520_000)).toBe("2,520,000 credits ($1.26)");
    });
  });
});

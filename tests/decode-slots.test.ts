import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { inDecodeSlot } from "@/lib/server/images/decode-slots";

/** Decodes of large pictures wait for a slot: at most one per core runs at once, in arrival order. */
describe("decode slots", () => {
  it("run at most one decode per core at a time, the rest in the order they came, and free a slot on failure", async () => {
    const slots = availableParallelism();
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const work = (index: number) =>
      inDecodeSlot(async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running -= 1;
        order.push(index);
        if (index === 0) throw new Error("a bad picture");
        return index;
      });
    const results = await Promise.allSettled(Array.from({ length: slots * 3 + 1 }, (_, index) => work(index)));
    expect(most).toBe(slots);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(slots * 3);
    expect(order.slice(slots)).toEqual([...order.slice(slots)].sort((a, b) => a - b));
    expect(await inDecodeSlot(async () => "free")).toBe("free");
  });
});

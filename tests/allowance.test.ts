import { describe, expect, it } from "vitest";
import { createAllowance } from "@/lib/shared/allowance";

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("createAllowance", () => {
  it("lets work in while it fits and holds the rest until enough is given back", async () => {
    const allowance = createAllowance(100);
    const first = await allowance.reserve(60);
    const second = await allowance.reserve(40);
    let third = false;
    const waiting = allowance.reserve(30).then((release) => ((third = true), release));
    await tick();
    expect(third).toBe(false);
    first();
    await tick();
    expect(third).toBe(true);
    second();
    (await waiting)();
  });

  it("serves in order: a small newcomer does not pass a large piece waiting at the head", async () => {
    const allowance = createAllowance(100);
    const held = await allowance.reserve(50);
    const order: string[] = [];
    const large = allowance.reserve(80).then((release) => (order.push("large"), release));
    const small = allowance.reserve(10).then((release) => (order.push("small"), release));
    await tick();
    expect(order).toEqual([]);
    held();
    (await large)();
    (await small)();
    expect(order).toEqual(["large", "small"]);
  });

  it("runs a piece larger than the whole allowance alone rather than never", async () => {
    const allowance = createAllowance(100);
    const order: string[] = [];
    const huge = allowance.run(500, async () => {
      order.push("huge starts");
      await tick();
      order.push("huge ends");
    });
    const next = allowance.run(1, async () => void order.push("next"));
    await Promise.all([huge, next]);
    expect(order).toEqual(["huge starts", "huge ends", "next"]);
  });

  it("gives the amount back when the work throws, and once only when released twice", async () => {
    const allowance = createAllowance(10);
    await expect(allowance.run(10, async () => Promise.reject(new Error("broken")))).rejects.toThrow("broken");
    const release = await allowance.reserve(10);
    release();
    release();
    const a = await allowance.reserve(10);
    let b = false;
    const waiting = allowance.reserve(10).then((second) => ((b = true), second));
    await tick();
    expect(b).toBe(false);
    a();
    (await waiting)();
  });

  it("refuses a capacity that is not positive", () => {
    expect(() => createAllowance(0)).toThrow(RangeError);
  });
});

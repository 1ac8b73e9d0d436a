import { describe, expect, it } from "vitest";
import { backoffDelayMs, parseRetryAfter, sleep } from "@/lib/server/seedream/retry";

describe("backoffDelayMs", () => {
  it("doubles per try, scales by a factor in [0.5, 1.5] and stops at the cap", () => {
    expect(backoffDelayMs(1, 1000, 20_000, () => 0)).toBe(500);
    expect(backoffDelayMs(1, 1000, 20_000, () => 0.5)).toBe(1000);
    expect(backoffDelayMs(2, 1000, 20_000, () => 0.5)).toBe(2000);
    expect(backoffDelayMs(3, 1000, 20_000, () => 1)).toBe(6000);
    expect(backoffDelayMs(10, 1000, 20_000, () => 0.5)).toBe(20_000);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");

  it("reads delta-seconds", () => {
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter("1.5", now)).toBe(1500);
  });

  it("reads an HTTP-date relative to now, never below zero", () => {
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:02 GMT", now)).toBe(2000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:27:00 GMT", now)).toBe(0);
  });

  it("ignores what is neither", () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter("", now)).toBeUndefined();
    expect(parseRetryAfter("-1", now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });
});

describe("sleep", () => {
  it("rejects with the signal's reason as soon as it aborts, and at once if it already has", async () => {
    const controller = new AbortController();
    const started = performance.now();
    const waiting = sleep(5_000, controller.signal);
    setTimeout(() => controller.abort(new Error("stop")), 20);
    await expect(waiting).rejects.toThrow("stop");
    expect(performance.now() - started).toBeLessThan(1000);
    await expect(sleep(5_000, AbortSignal.abort(new Error("gone")))).rejects.toThrow("gone");
  });

  it("resolves after the wait", async () => {
    const started = performance.now();
    await sleep(30, new AbortController().signal);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });
});

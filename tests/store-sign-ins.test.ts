import { afterEach, describe, expect, it } from "vitest";
import { FORGET_AFTER_MS, SignInThrottle } from "@/lib/server/passcode/throttle";
import { useTempStore } from "./support/store-fixtures";
import { storeKinds } from "./support/store-kinds";

const NOW = Date.UTC(2040, 0, 1);

describe.each(storeKinds)("the passcode throttle's counts in the store on %s", (kind) => {
  const stores = useTempStore(kind);
  afterEach(() => stores.cleanup());

  it("make tries sent in parallel, even through two stores, queue up instead of sharing one short wait", async () => {
    const dataDir = await stores.dataDir();
    const [first, second] = await Promise.all([stores.open(dataDir), stores.open(dataDir)]);
    const throttles = [new SignInThrottle(first.signIns, () => NOW), new SignInThrottle(second.signIns, () => NOW)];
    const waits = await Promise.all([0, 1, 2, 3].map((index) => throttles[index % 2]!.begin(["ip:10.0.0.1"])));
    expect(waits.sort((a, b) => a - b)).toEqual([0, 1_000, 2_000, 3_000]);
  });

  it("count by IP and by visitor, forget after 15 quiet minutes, and at once after a right passcode", async () => {
    let now = NOW;
    const store = await stores.open(await stores.dataDir());
    const throttle = new SignInThrottle(store.signIns, () => now);
    await throttle.begin(["ip:10.0.0.1", "visitor:a"]);
    await throttle.begin(["ip:10.0.0.1", "visitor:a"]);
    expect(await throttle.begin(["ip:10.0.0.1", "visitor:b"])).toBe(2_000);
    expect(await throttle.begin(["ip:10.0.0.2", "visitor:a"])).toBe(2_000);
    expect(await throttle.begin(["ip:10.0.0.3", "visitor:c"])).toBe(0);
    now += FORGET_AFTER_MS;
    expect(await throttle.begin(["ip:10.0.0.1"])).toBe(0);
    expect(await throttle.wrongTries("ip:10.0.0.1")).toBe(1);
    await throttle.forgive(["ip:10.0.0.1"]);
    expect(await throttle.wrongTries("ip:10.0.0.1")).toBe(0);
  });

  it("keep at most the newest guessers, and survive a restart", async () => {
    const dataDir = await stores.dataDir();
    const store = await stores.open(dataDir);
    for (let index = 0; index < 8; index += 1) {
      await store.signIns.begin([`ip:${index}`], { now: NOW + index, forgetAfterMs: FORGET_AFTER_MS, maxEntries: 5 });
    }
    const window = { now: NOW + 8, forgetAfterMs: FORGET_AFTER_MS };
    expect(await store.signIns.wrongTries("ip:2", window)).toBe(0);
    expect(await store.signIns.wrongTries("ip:3", window)).toBe(1);
    await stores.close(store);
    const reopened = await stores.open(dataDir);
    expect(await reopened.signIns.wrongTries("ip:7", window)).toBe(1);
  });
});

import { describe, expect, it } from "vitest";
import { DEFAULT_DAILY_IMAGE_LIMIT, EnvError, parseEnv } from "@/lib/server/env";
import { QuotaError } from "@/lib/server/quotas";
import { clientIpFrom } from "@/lib/server/http/client-ip";
import { waitPhrase } from "@/lib/server/quotas/quota-error";
import { toStudioError } from "@/lib/server/errors";
import { clockAt, job, useQuotaStudio } from "./support/quota-studio";
import { storeKinds } from "./support/store-kinds";

const A = "visitor-a-quotas-000000";
const B = "visitor-b-quotas-000000";
const C = "visitor-c-quotas-000000";
const HOME = { clientIp: "203.0.113.7" };
const CAFE = { clientIp: "198.51.100.2" };

async function refusal(attempt: Promise<unknown>): Promise<string> {
  const error = await attempt.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error, "the request was admitted").toBeInstanceOf(QuotaError);
  const shown = toStudioError(error);
  expect(shown).toMatchObject({ code: "quota_exceeded", retryable: false });
  return shown.message;
}

async function galleryCount(studio: { store: { gallery: { list(visitorId: string): Promise<{ items: unknown[] }> } } }, visitorId: string) {
  return (await studio.store.gallery.list(visitorId)).items.length;
}

describe.each(storeKinds)("on %s", (kind) => {
  const openStudio = useQuotaStudio(kind);

  describe("the hourly limit per visitor", () => {
    it("refuses the 31st image with the wait until the oldest run leaves the window, then lets the window slide", async () => {
      const studio = await openStudio({ imagesPerHour: 30, imagesPerDay: null });
      clockAt("2040-01-01T10:00:00Z");
      await studio.jobs.start(A, job("first ten", 4), HOME);
      await studio.jobs.start(A, job("first ten", 4), HOME);
      await studio.jobs.start(A, job("first ten", 2), HOME);
      clockAt("2040-01-01T10:20:00Z");
      for (let run = 0; run < 5; run += 1) await studio.jobs.start(A, job("next twenty", 4), HOME);

      clockAt("2040-01-01T10:30:00Z");
      expect(await refusal(studio.jobs.start(A, job("one more"), HOME))).toBe(
        "You've made 30 images in the last hour, the limit here; you can make more in 30 minutes.",
      );
      expect(await galleryCount(studio, A)).toBe(8);

      // One millisecond early the first runs still count; at the hour they are out of the window.
      clockAt("2040-01-01T10:59:59.999Z");
      await refusal(studio.jobs.start(A, job("one more"), HOME));
      clockAt("2040-01-01T11:00:00Z");
      await studio.jobs.start(A, job("one more"), HOME);
      await studio.jobs.start(A, job("and more", 4), HOME);
      await studio.jobs.start(A, job("and more", 4), HOME);
      expect(await refusal(studio.jobs.start(A, job("past it", 4), HOME))).toBe(
        "You've made 29 of the 30 images allowed here in an hour, so 4 more won't fit; ask for 1 or fewer now, or for 4 in 20 minutes.",
      );
      await studio.jobs.start(A, job("the last one"), HOME);
      expect(await galleryCount(studio, A)).toBe(12);
    });

    it("counts retries, and says so when a run could never fit", async () => {
      const studio = await openStudio({ imagesPerHour: 4, imagesPerDay: null });
      clockAt("2040-01-02T10:00:00Z");
      const original = await studio.jobs.start(A, job("a pair", 2), HOME);
      await studio.jobs.idle();
      clockAt("2040-01-02T10:15:00Z");
      const retried = await studio.jobs.retry(A, original.id, HOME);
      expect(retried).toMatchObject({ retryOf: original.id, status: "running", clientIp: HOME.clientIp });
      expect(await refusal(studio.jobs.retry(A, original.id, HOME))).toBe(
        "You've made 4 images in the last hour, the limit here; you can make more in 45 minutes.",
      );

      const strict = await openStudio({ imagesPerHour: 2, imagesPerDay: null });
      expect(await refusal(strict.jobs.start(B, job("four at once", 4), HOME))).toBe(
        "The limit here is 2 images an hour; ask for 2 or fewer.",
      );
    });

    it("does not count a job canceled before it reached the provider, but does count one that started", async () => {
      const studio = await openStudio({ imagesPerHour: 2, imagesPerDay: null }, { holdProvider: true });
      clockAt("2040-01-03T10:00:00Z");
      const running = await studio.jobs.start(A, job("held at the provider"), HOME);
      const queued = await studio.jobs.start(A, job("waiting its turn"), HOME);
      await studio.jobs.cancel(A, queued.id);
      expect(await studio.store.generations.get(A, queued.id)).toMatchObject({ status: "canceled", startedAt: null });
      await studio.jobs.cancel(A, running.id);
      expect(await studio.store.generations.get(A, running.id)).toMatchObject({ status: "canceled", startedAt: expect.any(Number) });

      await studio.jobs.start(A, job("fits, since the canceled queued job is not counted"), HOME);
      await refusal(studio.jobs.start(A, job("the canceled running job still is"), HOME));
    });

    it("keeps counting across a restart", async () => {
      const studio = await openStudio({ imagesPerHour: 2, imagesPerDay: null });
      clockAt("2040-01-04T10:00:00Z");
      await studio.jobs.start(A, job("before the restart", 2), HOME);
      await studio.restart();
      clockAt("2040-01-04T10:05:00Z");
      expect(await refusal(studio.jobs.start(A, job("after the restart"), HOME))).toBe(
        "You've made 2 images in the last hour, the limit here; you can make more in 55 minutes.",
      );
    });

    it("is off when the limit is null", async () => {
      const studio = await openStudio({ imagesPerHour: null, imagesPerDay: null });
      clockAt("2040-01-05T10:00:00Z");
      for (let run = 0; run < 10; run += 1) await studio.jobs.start(A, job("no limit", 4), HOME);
      expect(await galleryCount(studio, A)).toBe(10);
    });
  });

  describe("the hourly limit per client IP", () => {
    it("holds for a visitor who cleared cookies on the same network, not for another network or an unknown address", async () => {
      const studio = await openStudio({ imagesPerHour: 3, imagesPerDay: null });
      clockAt("2040-01-06T10:00:00Z");
      await studio.jobs.start(A, job("from home", 3), HOME);

      clockAt("2040-01-06T10:10:00Z");
      expect(await refusal(studio.jobs.start(B, job("same home, new cookie"), HOME))).toBe(
        "Your network has made 3 images in the last hour, the limit here; you can make more in 50 minutes.",
      );
      // The visitor's own window wins a tie: the sentence speaks to them, not their network.
      expect(await refusal(studio.jobs.start(A, job("from home again"), HOME))).toMatch(/^You've made 3 images/);

      const elsewhere = await studio.jobs.start(B, job("from the café"), CAFE);
      expect(elsewhere.clientIp).toBe(CAFE.clientIp);
      await studio.jobs.start(C, job("no forwarding headers", 3), { clientIp: "unknown" });
      await studio.jobs.start(B, job("still unknown", 2), { clientIp: "unknown" });
      expect(await galleryCount(studio, B)).toBe(2);
    });

    it("reads the address from the proxy's headers", () => {
      const from = (entries: Record<string, string>) => clientIpFrom(new Headers(entries));
      // The last hop is the one the nearest proxy saw; earlier entries are the client's own claim.
      expect(from({ "x-forwarded-for": "6.6.6.6, 203.0.113.7" })).toBe("203.0.113.7");
      expect(from({ "x-forwarded-for": " 2001:DB8::1 " })).toBe("2001:db8::1");
      expect(from({ "x-forwarded-for": "[2001:db8::1]:443" })).toBe("2001:db8::1");
      expect(from({ "x-forwarded-for": "203.0.113.7:5678" })).toBe("203.0.113.7");
      expect(from({ "x-forwarded-for": "::ffff:127.0.0.1" })).toBe("127.0.0.1");
      expect(from({ "x-real-ip": "198.51.100.2" })).toBe("198.51.100.2");
      expect(from({ "x-forwarded-for": "not-an-ip", "x-real-ip": "198.51.100.2" })).toBe("198.51.100.2");
      expect(from({ "x-forwarded-for": "<script>" })).toBe("unknown");
      expect(from({})).toBe("unknown");
    });
  });

  describe("the daily cap", () => {
    it("refuses past the deployment's images since UTC midnight, and resets at midnight", async () => {
      const studio = await openStudio({ imagesPerHour: null, imagesPerDay: 5 });
      clockAt("2040-01-06T23:59:00Z");
      await studio.jobs.start(C, job("the day before", 4), CAFE);
      await studio.restart();

      clockAt("2040-01-07T19:00:00Z");
      await studio.jobs.start(A, job("three", 3), HOME);
      expect(await refusal(studio.jobs.start(B, job("four", 4), CAFE))).toBe(
        "This studio has 2 of its 5 images left today, so 4 won't fit; ask for 2 or fewer, or wait until it resets in 5 hours.",
      );
      await studio.jobs.start(B, job("two", 2), CAFE);
      clockAt("2040-01-07T23:20:00Z");
      expect(await refusal(studio.jobs.start(C, job("one more"), CAFE))).toBe(
        "This studio has reached its daily limit of 5 images; it resets in 40 minutes.",
      );

      clockAt("2040-01-08T00:00:00Z");
      await studio.jobs.start(C, job("a new day", 4), CAFE);
    });

    it("tells the person about the longest wait when both limits refuse", async () => {
      const studio = await openStudio({ imagesPerHour: 2, imagesPerDay: 2 });
      clockAt("2040-01-09T19:00:00Z");
      await studio.jobs.start(A, job("two", 2), HOME);
      expect(await refusal(studio.jobs.start(A, job("three"), HOME))).toBe(
        "This studio has reached its daily limit of 2 images; it resets in 5 hours.",
      );
    });
  });

  describe("the quota settings", () => {
    it("default to 30 images an hour and no daily cap", () => {
      expect(parseEnv({})).toMatchObject({ STUDIO_RATE_LIMIT: 30, STUDIO_DAILY_IMAGE_LIMIT: null });
    });

    it("turn the daily cap on when a key is set, unless it is set to off", () => {
      expect(parseEnv({ AIMLAPI_KEY: "sk-test" }).STUDIO_DAILY_IMAGE_LIMIT).toBe(DEFAULT_DAILY_IMAGE_LIMIT);
      expect(DEFAULT_DAILY_IMAGE_LIMIT).toBe(500);
      expect(parseEnv({ AIMLAPI_KEY: "sk-test", STUDIO_DAILY_IMAGE_LIMIT: "off" }).STUDIO_DAILY_IMAGE_LIMIT).toBeNull();
      expect(parseEnv({ AIMLAPI_KEY: "sk-test", STUDIO_DAILY_IMAGE_LIMIT: "40" }).STUDIO_DAILY_IMAGE_LIMIT).toBe(40);
      expect(parseEnv({ AIMLAPI_KEY: "" }).STUDIO_DAILY_IMAGE_LIMIT).toBeNull();
    });

    it.each([
      ["off", null],
      ["OFF", null],
      ["0", null],
      ["2", 2],
      [" 500 ", 500],
    ])("read %j as %j", (value, expected) => {
      expect(parseEnv({ STUDIO_RATE_LIMIT: value, STUDIO_DAILY_IMAGE_LIMIT: value })).toMatchObject({
        STUDIO_RATE_LIMIT: expected,
        STUDIO_DAILY_IMAGE_LIMIT: expected,
      });
    });

    it.each([
      [{ STUDIO_RATE_LIMIT: "lots" }, 'STUDIO_RATE_LIMIT must be a whole number of images up to 1000000, or "off"'],
      [{ STUDIO_RATE_LIMIT: "-1" }, "STUDIO_RATE_LIMIT must be a whole number"],
      [{ STUDIO_RATE_LIMIT: "2.5" }, "STUDIO_RATE_LIMIT must be a whole number"],
      [{ STUDIO_DAILY_IMAGE_LIMIT: "2000000" }, "STUDIO_DAILY_IMAGE_LIMIT must be a whole number of images up to 1000000"],
    ])("names the bad value in %j", (source, expected) => {
      expect(() => parseEnv(source)).toThrow(EnvError);
      expect(() => parseEnv(source)).toThrow(expected);
    });

    it("word waits in whole minutes, then whole hours, always rounded up", () => {
      expect(waitPhrase(1)).toBe("1 minute");
      expect(waitPhrase(12 * 60_000 + 1)).toBe("13 minutes");
      expect(waitPhrase(59 * 60_000)).toBe("59 minutes");
      expect(waitPhrase(59 * 60_000 + 1)).toBe("1 hour");
      expect(waitPhrase(4 * 3_600_000 + 1)).toBe("5 hours");
    });
  });
});

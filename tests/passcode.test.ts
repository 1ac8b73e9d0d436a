import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/server/env";
import { decideAccess, PUBLIC_WITHOUT_SESSION } from "@/lib/server/passcode/access";
import { passcodeMatches } from "@/lib/server/passcode/compare";
import { safeNextPath, signInLocation } from "@/lib/server/passcode/next-path";
import { deriveSessionKey, SESSION_LIFETIME_S, signSession, verifySession } from "@/lib/server/passcode/session-token";
import { checkPasscode, guesserKeys, WRONG_PASSCODE, type PasscodeCheckDeps } from "@/lib/server/passcode/sign-in";
import { DELAY_MAX_MS, FORGET_AFTER_MS, memorySignInCounts, SignInThrottle, signInDelayMs } from "@/lib/server/passcode/throttle";
import { pageContentSecurityPolicy } from "@/lib/shared/security-headers";

const NOW = Date.UTC(2025, 0, 1);
const KEY = deriveSessionKey("correct horse battery");

describe("the session cookie", () => {
  it("verifies a token it signed until its expiry, and not from then on", () => {
    const token = signSession(KEY, NOW + 60_000);
    expect(verifySession(KEY, token, NOW)).toBe(true);
    expect(verifySession(KEY, token, NOW + 59_000)).toBe(true);
    expect(verifySession(KEY, token, NOW + 60_000)).toBe(false);
  });

  it("carries its expiry inside the signature: a later date is a forged token", () => {
    const token = signSession(KEY, NOW + 60_000);
    const [expiry, signature] = token.split(".");
    const extended = `${Number(expiry) + 365 * 24 * 3600}.${signature}`;
    expect(verifySession(KEY, extended, NOW)).toBe(false);
  });

  it("refuses tampered, truncated, empty and foreign tokens", () => {
    const token = signSession(KEY, NOW + 60_000);
    const flipped = token.slice(0, -2) + (token.at(-2) === "A" ? "B" : "A") + token.at(-1);
    for (const bad of [flipped, token.slice(0, -1), `${token}A`, "", "1.2", "abc", undefined, null]) {
      expect(verifySession(KEY, bad, NOW)).toBe(false);
    }
    expect(verifySession(deriveSessionKey("another passcode"), token, NOW)).toBe(false);
  });

  it("accepts only the one spelling of a signature, not one differing in the last character's unused bits", () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const token = signSession(KEY, NOW + 60_000);
    // 43 characters carry 258 bits for a 256-bit HMAC: the last one's lowest bit decodes to nothing.
    const respelled = token.slice(0, -1) + alphabet[alphabet.indexOf(token.at(-1)!) ^ 1];
    const bytes = (value: string) => Buffer.from(value.split(".")[1]!, "base64url");
    expect(bytes(respelled).equals(bytes(token))).toBe(true);
    expect(verifySession(KEY, respelled, NOW)).toBe(false);
  });

  it("derives the same key after a restart, a different one per passcode and per secret", () => {
    expect(deriveSessionKey("correct horse battery").equals(KEY)).toBe(true);
    expect(deriveSessionKey("correct horse battery!").equals(KEY)).toBe(false);
    const secret = "s".repeat(32);
    expect(deriveSessionKey("correct horse battery", secret).equals(KEY)).toBe(false);
    // The passcode is mixed in even with a secret: changing it signs everyone out.
    expect(deriveSessionKey("another passcode", secret).equals(deriveSessionKey("correct horse battery", secret))).toBe(false);
  });
});

describe("comparing passcodes", () => {
  it("matches only the exact passcode, whatever the lengths", () => {
    expect(passcodeMatches("correct horse battery", "correct horse battery")).toBe(true);
    for (const guess of ["", "c", "correct horse batter", "correct horse battery ", "Correct horse battery", "x".repeat(5000)]) {
      expect(passcodeMatches(guess, "correct horse battery")).toBe(false);
    }
  });

  it("takes about as long for a nearly right guess as for a wholly wrong one", () => {
    const secret = "p".repeat(64);
    const time = (guess: string) => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < 20_000; i++) passcodeMatches(guess, secret);
      return Number(process.hrtime.bigint() - start);
    };
    time(secret); // warm up
    const nearly = Math.min(time(`${"p".repeat(63)}q`), time(`${"p".repeat(63)}q`));
    const wholly = Math.min(time("q".repeat(64)), time("q".repeat(64)));
    // HMAC-then-timingSafeEqual: a loose bound, since timing on a shared CI machine is noisy.
    expect(nearly / wholly).toBeGreaterThan(0.5);
    expect(nearly / wholly).toBeLessThan(2);
  });
});

describe("the delay after wrong tries", () => {
  it("adds one second per wrong try, up to 30 s", () => {
    expect([0, 1, 2, 3, 10].map(signInDelayMs)).toEqual([0, 1_000, 2_000, 3_000, 10_000]);
    expect(signInDelayMs(30)).toBe(DELAY_MAX_MS);
    expect(signInDelayMs(1_000)).toBe(DELAY_MAX_MS);
  });

  it("makes tries sent in parallel queue up instead of sharing one short wait", async () => {
    const throttle = new SignInThrottle(memorySignInCounts(), () => NOW);
    const waits = await Promise.all([1, 2, 3, 4].map(() => throttle.begin(["ip:10.0.0.1"])));
    expect(waits).toEqual([0, 1_000, 2_000, 3_000]);
  });

  it("counts by IP and by visitor, taking the larger count", async () => {
    const throttle = new SignInThrottle(memorySignInCounts(), () => NOW);
    await throttle.begin(["ip:10.0.0.1", "visitor:a"]);
    await throttle.begin(["ip:10.0.0.1", "visitor:a"]);
    // A fresh cookie from the same address still waits; so does the same visitor from a new address.
    expect(await throttle.begin(["ip:10.0.0.1", "visitor:b"])).toBe(2_000);
    expect(await throttle.begin(["ip:10.0.0.2", "visitor:a"])).toBe(2_000);
    expect(await throttle.begin(["ip:10.0.0.3", "visitor:c"])).toBe(0);
  });

  it("forgets after 15 quiet minutes, and at once after a right passcode", async () => {
    let now = NOW;
    const throttle = new SignInThrottle(memorySignInCounts(), () => now);
    await throttle.begin(["ip:1"]);
    await throttle.begin(["ip:1"]);
    now += FORGET_AFTER_MS;
    expect(await throttle.begin(["ip:1"])).toBe(0);
    await throttle.forgive(["ip:1"]);
    expect(await throttle.wrongTries("ip:1")).toBe(0);
  });

  it("stays bounded in memory under a flood of addresses", async () => {
    const throttle = new SignInThrottle(memorySignInCounts(), () => NOW);
    for (let i = 0; i < 10_050; i++) await throttle.begin([`ip:${i}`]);
    expect(await throttle.wrongTries("ip:0")).toBe(0);
    expect(await throttle.wrongTries("ip:10049")).toBe(1);
  });

  it("keys guessers by the last forwarded hop and the visitor", () => {
    expect(guesserKeys("203.0.113.9, 10.0.0.1", "v1")).toEqual(["ip:10.0.0.1", "visitor:v1"]);
    expect(guesserKeys(null, null)).toEqual(["ip:unknown"]);
  });
});

describe("checking a passcode", () => {
  const gate = { passcode: "correct horse battery", sessionKey: KEY };
  const deps = (): PasscodeCheckDeps & { slept: number[] } => {
    const slept: number[] = [];
    return { throttle: new SignInThrottle(memorySignInCounts(), () => NOW), sleep: async (ms) => void slept.push(ms), now: () => NOW, slept };
  };

  it("waits longer after each wrong try, even before a right one, then clears the count", async () => {
    const d = deps();
    const keys = ["ip:1"];
    expect(await checkPasscode(gate, "wrong", keys, d)).toEqual({ ok: false, error: { code: "wrong_passcode", message: WRONG_PASSCODE } });
    await checkPasscode(gate, "wrong again", keys, d);
    const right = await checkPasscode(gate, "correct horse battery", keys, d);
    expect(d.slept).toEqual([1_000, 2_000]);
    expect(right.ok && verifySession(KEY, right.session, NOW + (SESSION_LIFETIME_S - 1) * 1000)).toBe(true);
    expect(right.ok && verifySession(KEY, right.session, NOW + SESSION_LIFETIME_S * 1000)).toBe(false);
    await checkPasscode(gate, "wrong", keys, d);
    expect(d.slept).toEqual([1_000, 2_000]);
  });
});

describe("the gate", () => {
  const page = { method: "GET", pathname: "/", isServerAction: false };

  it("lets signed-in requests through and sends others to sign in, or answers 401 where a page makes no sense", () => {
    expect(decideAccess(page, true)).toBe("pass");
    expect(decideAccess(page, false)).toBe("sign-in");
    expect(decideAccess({ ...page, pathname: "/sign-in" }, false)).toBe("pass");
    expect(decideAccess({ method: "POST", pathname: "/sign-in", isServerAction: true }, false)).toBe("pass");
    expect(decideAccess({ method: "POST", pathname: "/", isServerAction: true }, false)).toBe("unauthorized");
    expect(decideAccess({ ...page, pathname: "/api/images/x" }, false)).toBe("unauthorized");
    expect(decideAccess({ method: "POST", pathname: "/", isServerAction: false }, false)).toBe("unauthorized");
  });

  it("serves the manifest, icons and link-preview image without a session, and nothing beside them", () => {
    for (const pathname of ["/manifest.webmanifest", "/icon-192.png", "/icon-512.png", "/icon-maskable-512.png", "/apple-touch-icon.png", "/og-image.png"]) {
      expect(PUBLIC_WITHOUT_SESSION.has(pathname)).toBe(true);
      expect(decideAccess({ ...page, pathname }, false)).toBe("pass");
      expect(decideAccess({ method: "HEAD", pathname, isServerAction: false }, false)).toBe("pass");
      // Only to read: an action posted to the same path meets the gate.
      expect(decideAccess({ method: "POST", pathname, isServerAction: true }, false)).toBe("unauthorized");
      expect(decideAccess({ method: "POST", pathname, isServerAction: false }, false)).toBe("unauthorized");
    }
    for (const pathname of ["/icon-192.png/", "/og-image.png.json", "/api/images/x", "/manifest.json", "/public/og-image.png", "/OG-IMAGE.PNG"]) {
      expect(decideAccess({ ...page, pathname }, false)).not.toBe("pass");
    }
  });

  it("returns only to paths on this site", () => {
    expect(safeNextPath("/?a=1")).toBe("/?a=1");
    expect(safeNextPath("/api/images/x")).toBe("/api/images/x");
    for (const bad of ["//evil.example/", "/\\evil.example", "https://evil.example/", "javascript:alert(1)", "/\t/evil.example", "", undefined, ["/a"], "/sign-in"]) {
      expect(safeNextPath(bad)).toBe("/");
    }
    expect(signInLocation("/", "")).toBe("/sign-in");
    expect(signInLocation("/api/images/x", "?v=1")).toBe("/sign-in?next=%2Fapi%2Fimages%2Fx%3Fv%3D1");
  });
});

describe("the passcode settings", () => {
  it("leaves the studio open without a passcode and refuses a short one with a clear message", () => {
    expect(parseEnv({}).STUDIO_PASSCODE).toBeUndefined();
    expect(parseEnv({ STUDIO_PASSCODE: "" }).STUDIO_PASSCODE).toBeUndefined();
    expect(parseEnv({ STUDIO_PASSCODE: "12345678" }).STUDIO_PASSCODE).toBe("12345678");
    expect(() => parseEnv({ STUDIO_PASSCODE: "1234567" })).toThrow(EnvError);
    expect(() => parseEnv({ STUDIO_PASSCODE: "1234567" })).toThrow("STUDIO_PASSCODE must be at least 8 characters");
    expect(() => parseEnv({ STUDIO_SESSION_SECRET: "short" })).toThrow("STUDIO_SESSION_SECRET must be at least 32 characters");
  });
});

describe("the page policy", () => {
  it("allows eval only in development and upgrades requests only behind https", () => {
    const production = pageContentSecurityPolicy({ nonce: "abc", development: false, https: false });
    expect(production).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic';");
    expect(production).not.toContain("unsafe-eval");
    expect(production).toContain("frame-ancestors 'none'");
    expect(production).not.toContain("upgrade-insecure-requests");
    expect(pageContentSecurityPolicy({ nonce: "abc", development: true, https: true })).toMatch(/'unsafe-eval'.*upgrade-insecure-requests$/);
  });
});

import { stat } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isRevoked, loadRevokedSessions, revokeSession } from "@/lib/server/passcode/revoked-sessions";
import { SESSION_SECRET_FILE, sessionSecret } from "@/lib/server/passcode/session-secret";
import { deriveSessionKey, readSession, signSession } from "@/lib/server/passcode/session-token";
import { checkPasscode, TRY_UNDER_WAY, type PasscodeCheckDeps } from "@/lib/server/passcode/sign-in";
import { memorySignInCounts, SignInThrottle } from "@/lib/server/passcode/throttle";
import { useTempStore } from "./support/store-fixtures";
import { storeKinds } from "./support/store-kinds";

const NOW = Date.UTC(2030, 0, 1);
const PASSCODE = "correct horse battery";
const stores = useTempStore();
afterEach(() => stores.cleanup());

describe("passcode tries sent at once", () => {
  /** Every wait is held until released, so the tries really overlap. */
  function heldDeps(): PasscodeCheckDeps & { release: () => void } {
    const waiting: Array<() => void> = [];
    return {
      throttle: new SignInThrottle(memorySignInCounts(), () => NOW),
      sleep: () => new Promise<void>((resolve) => waiting.push(resolve)),
      now: () => NOW,
      release: () => waiting.splice(0).forEach((resolve) => resolve()),
    };
  }
  const gate = { passcode: PASSCODE, sessionKey: deriveSessionKey(PASSCODE, "s".repeat(32)) };

  it("are checked one at a time per address: the rest are refused unchecked", async () => {
    const deps = heldDeps();
    deps.throttle.begin(["ip:203.0.113.9"]); // an earlier wrong try: the next one waits a second
    const tries = Array.from({ length: 20 }, (_, i) => checkPasscode(gate, `guess ${i}`, ["ip:203.0.113.9", `visitor:v${i}`], deps));
    const settled = await Promise.race([Promise.all(tries.slice(1)), new Promise((resolve) => setTimeout(resolve, 200, "pending"))]);
    expect(settled).not.toBe("pending");
    expect(await Promise.all(tries.slice(1))).toEqual(
      Array(19).fill({ ok: false, error: { code: "try_under_way", message: TRY_UNDER_WAY } }),
    );
    deps.release();
    expect(await tries[0]).toMatchObject({ ok: false, error: { code: "wrong_passcode" } });
    // Once it is answered, the next try from there is checked (after its delay).
    const next = checkPasscode(gate, PASSCODE, ["ip:203.0.113.9"], deps);
    await new Promise((resolve) => setTimeout(resolve, 10));
    deps.release();
    expect((await next).ok).toBe(true);
  });

  it("are one at a time per visitor too, from any address", async () => {
    const deps = heldDeps();
    deps.throttle.begin(["visitor:v1"]); // an earlier wrong try: the next one waits a second
    const first = checkPasscode(gate, "guess", ["ip:10.0.0.1", "visitor:v1"], deps);
    const elsewhere = await checkPasscode(gate, "guess", ["ip:10.0.0.2", "visitor:v1"], deps);
    expect(elsewhere).toMatchObject({ ok: false, error: { code: "try_under_way" } });
    const someoneElse = checkPasscode(gate, PASSCODE, ["ip:10.0.0.3", "visitor:v2"], deps);
    await new Promise((resolve) => setTimeout(resolve, 10));
    deps.release();
    expect(await first).toMatchObject({ ok: false });
    expect((await someoneElse).ok).toBe(true);
  });
});

describe("the session secret", () => {
  it("is made once, kept in the data dir for the studio's user only, and read back after a restart", async () => {
    const dataDir = await stores.dataDir();
    const made = sessionSecret(undefined, dataDir);
    expect(made).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await stat(join(dataDir, SESSION_SECRET_FILE))).mode & 0o777).toBe(0o600);
    expect(sessionSecret(undefined, dataDir)).toBe(made);
    expect(sessionSecret(undefined, await stores.dataDir())).not.toBe(made);
    expect(sessionSecret("configured-secret-of-32-characters!", dataDir)).toBe("configured-secret-of-32-characters!");
  });

  it("means a cookie cannot be checked against passcode guesses: one signed from the passcode alone is refused", async () => {
    const key = deriveSessionKey(PASSCODE, sessionSecret(undefined, await stores.dataDir()));
    const guessable = signSession(deriveSessionKey(PASSCODE), NOW + 60_000);
    expect(readSession(key, guessable, NOW)).toBeNull();
    expect(readSession(key, signSession(key, NOW + 60_000), NOW)).not.toBeNull();
  });
});

describe.each(storeKinds)("signing out on %s", (kind) => {
  const stores = useTempStore(kind);
  afterEach(() => stores.cleanup());

  it("revokes that session on the server, across a restart, and no other", async () => {
    const dataDir = await stores.dataDir();
    const store = await stores.open(dataDir);
    const key = deriveSessionKey(PASSCODE, "s".repeat(32));
    const mine = readSession(key, signSession(key, Date.now() + 60_000), Date.now())!;
    const yours = readSession(key, signSession(key, Date.now() + 60_000), Date.now())!;
    expect(mine.id).not.toBe(yours.id);

    await revokeSession(store, mine);
    expect(isRevoked(mine.id)).toBe(true);
    expect(isRevoked(yours.id)).toBe(false);

    // A new process: nothing in memory, the store remembers.
    delete (globalThis as Record<symbol, unknown>)[Symbol.for("seedream-studio.revoked-sessions")];
    expect(isRevoked(mine.id)).toBe(false);
    await stores.close(store);
    await loadRevokedSessions(await stores.open(dataDir));
    expect(isRevoked(mine.id)).toBe(true);
  });

  it("forgets a revocation once the cookie would have expired anyway", async () => {
    const store = await stores.open(await stores.dataDir());
    await store.sessions.revoke("1111222233334444", NOW + 1_000);
    expect(await store.sessions.listRevoked(NOW)).toEqual(["1111222233334444"]);
    expect(await store.sessions.listRevoked(NOW + 1_000)).toEqual([]);
  });
});

describe("the owner", () => {
  const secret = "s".repeat(32);
  const gate = { passcode: PASSCODE, ownerPasscode: "the owner's own passcode", sessionKey: deriveSessionKey(PASSCODE, secret) };
  const deps = (): PasscodeCheckDeps => ({ throttle: new SignInThrottle(memorySignInCounts(), () => NOW), sleep: async () => undefined, now: () => NOW });

  it("is whoever signed in with the owner passcode; the shared passcode signs in without it", async () => {
    expect(await checkPasscode(gate, PASSCODE, ["ip:1"], deps())).toMatchObject({ ok: true, owner: false });
    expect(await checkPasscode(gate, "the owner's own passcode", ["ip:2"], deps())).toMatchObject({ ok: true, owner: true });
    const { ownerPasscode: _none, ...withoutOwner } = gate;
    expect(await checkPasscode(withoutOwner, PASSCODE, ["ip:3"], deps())).toMatchObject({ ok: true, owner: false });
  });

  it("carries a mark bound to one session: it is worth nothing beside another", async () => {
    const { isOwnerMark, ownerMark } = await import("@/lib/server/passcode/owner");
    const owners = readSession(gate.sessionKey, signSession(gate.sessionKey, NOW + 60_000), NOW)!;
    const someoneElse = readSession(gate.sessionKey, signSession(gate.sessionKey, NOW + 60_000), NOW)!;
    const mark = ownerMark(gate, owners);
    expect(isOwnerMark(gate, owners, mark)).toBe(true);
    expect(isOwnerMark(gate, someoneElse, mark)).toBe(false);
    expect(isOwnerMark(gate, null, mark)).toBe(false);
    expect(isOwnerMark({ ...gate, ownerPasscode: undefined }, owners, mark)).toBe(false);
  });

  it("needs the shared passcode set too, and a different one", async () => {
    const { parseEnv } = await import("@/lib/server/env");
    expect(() => parseEnv({ STUDIO_OWNER_PASSCODE: "owner-only-1" })).toThrow("STUDIO_OWNER_PASSCODE needs STUDIO_PASSCODE set too");
    expect(() => parseEnv({ STUDIO_PASSCODE: "same-passcode", STUDIO_OWNER_PASSCODE: "same-passcode" })).toThrow(
      "STUDIO_OWNER_PASSCODE needs STUDIO_PASSCODE set too, and must differ from it",
    );
    expect(parseEnv({ STUDIO_PASSCODE: "shared-passcode", STUDIO_OWNER_PASSCODE: "owner-passcode" }).STUDIO_OWNER_PASSCODE).toBe("owner-passcode");
  });
});

import "server-only";
import type { Store } from "@/lib/server/store";
import type { Session } from "./session-token";

/**
 * Sessions ended by Sign out, in memory for the proxy's check on every request and in the store so
 * a restart keeps them. Held on globalThis: the proxy, actions and instrumentation are bundled
 * apart but run in one process, and must share the one set.
 */
const key = Symbol.for("seedream-studio.revoked-sessions");
type Holder = typeof globalThis & { [key]?: Set<string> };

function revoked(): Set<string> {
  const holder = globalThis as Holder;
  return (holder[key] ??= new Set());
}

export function isRevoked(sessionId: string): boolean {
  return revoked().has(sessionId);
}

/** At start-up: what earlier processes revoked. */
export async function loadRevokedSessions(store: Store, now = Date.now()): Promise<void> {
  for (const id of await store.sessions.listRevoked(now)) revoked().add(id);
}

export async function revokeSession(store: Store, session: Session): Promise<void> {
  revoked().add(session.id);
  await store.sessions.revoke(session.id, session.expiresAtMs);
}

import "server-only";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Where the studio keeps the session secret it made, when STUDIO_SESSION_SECRET is not set. */
export const SESSION_SECRET_FILE = "session-secret";

/**
 * The secret that signs session cookies: STUDIO_SESSION_SECRET, or one made once (32 random bytes)
 * and kept in the data dir, readable by the studio's user only. Either way it is not derivable from
 * the passcode, so a stolen cookie gives nothing to test passcode guesses against offline. `wx`
 * makes the first writer win: a second process starting at the same moment reads that one.
 */
export function sessionSecret(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  const file = join(dataDir, SESSION_SECRET_FILE);
  const existing = readSecret(file);
  if (existing) return existing;
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(32).toString("base64url")}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if (!(error instanceof Error && "code" in error && error.code === "EEXIST")) throw error;
  }
  const made = readSecret(file);
  if (!made) throw new Error(`The session secret in ${file} is empty; delete it to make a new one.`);
  return made;
}

function readSecret(file: string): string | null {
  try {
    return readFileSync(file, "utf8").trim() || null;
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") return null;
    throw error;
  }
}

import "server-only";
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Holds `<dataDir>/studio.lock`: the pid of the one process that runs jobs from this data dir. */
export const LOCK_FILE = "studio.lock";

export class DataDirLockedError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `Another studio process (pid ${pid}) is using the data dir ${dataDir}. Stop it first, or give this one its own ` +
        `STUDIO_DATA_DIR: two processes on one data dir would mark each other's running jobs interrupted.`,
    );
    this.name = "DataDirLockedError";
  }
}

/**
 * Claims the data dir for this process, before start-up marks unfinished jobs interrupted: that
 * is only right when no other live process is running them. A lock left by a process that died
 * (its pid no longer runs) is taken over. Released when the process exits.
 */
export function lockDataDir(dataDir: string, pid = process.pid): void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, `${pid}\n`, { flag: "wx" });
      process.once("exit", () => releaseDataDir(dataDir, pid));
      return;
    } catch (error) {
      if (!isCode(error, "EEXIST")) throw error;
    }
    const holder = readHolder(file);
    if (holder === pid) return;
    if (holder !== null && isAlive(holder)) throw new DataDirLockedError(dataDir, holder);
    // Stale (its process is gone) or unreadable: remove it and try again; `wx` settles a race.
    try {
      unlinkSync(file);
    } catch (error) {
      if (!isCode(error, "ENOENT")) throw error;
    }
  }
  throw new Error(`The data dir lock ${file} could not be taken; remove it if no studio is running.`);
}

/** Removes the lock if this process holds it. */
export function releaseDataDir(dataDir: string, pid = process.pid): void {
  const file = join(dataDir, LOCK_FILE);
  if (readHolder(file) !== pid) return;
  try {
    unlinkSync(file);
  } catch {
    // Already gone: nothing to release.
  }
}

function readHolder(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, "utf8").trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return isCode(error, "EPERM");
  }
}

function isCode(error: unknown, code: string): boolean {
  return error instanceof Error && "code" in error && error.code === code;
}

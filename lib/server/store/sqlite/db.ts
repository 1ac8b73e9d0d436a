import "server-only";
import { createClient } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { StoreError } from "../errors";
import { applyMigrations } from "./migrate";
import type { Database } from "../parts/context";
import { createWriteQueue, type WriteQueue } from "../parts/write-queue";
import { schema } from "./schema";

/**
 * How long a connection waits for another process's write lock before giving up with SQLITE_BUSY.
 * SQLite waits synchronously, so this is also the longest the event loop can stall on a lock
 * held by a second process; within this process writes queue in JavaScript instead (see below).
 */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * `write` runs its work in a write transaction (BEGIN IMMEDIATE), one at a time per process.
 *
 * Why a queue: @libsql/client keeps a pool of connections and SQLite's busy handler blocks the
 * thread. If one transaction were open on connection A, awaiting something, and another write
 * began on connection B, B would block the event loop waiting for A, which can only finish on
 * that same event loop: a stall for the whole busy timeout. Queuing writes here avoids that;
 * reads never wait, because WAL lets them see the last committed state.
 */
export async function openDatabase(file: string): Promise<Database> {
  // A file URL, so a data dir with a space, # or ? in its name still means that folder.
  const client = createClient({ url: pathToFileURL(file).href, timeout: BUSY_TIMEOUT_MS });
  const queue = writeQueueFor(file);
  try {
    await queue.run(() => applyMigrations(client, file, BUSY_TIMEOUT_MS));
  } catch (error) {
    client.close();
    throw error;
  }
  const orm = drizzle(client, { schema });
  return {
    orm,
    write: (work) => queue.run(() => orm.transaction(work)).catch(asWriteFailed),
    // Let queued writes finish: closing under one would roll back work its caller thinks is done.
    close: async () => {
      await queue.idle();
      client.close();
    },
  };
}

/** SQLite's own "the disk refused" codes: a full disk must read like a failed blob write, not a bug. */
const DISK_REFUSED = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN)/;

function asWriteFailed(error: unknown): never {
  const code = error instanceof Error && "code" in error ? String(error.code) : "";
  if (!DISK_REFUSED.test(code)) throw error;
  throw new StoreError("write_failed", `The database could not be written (${code}).`, { cause: error });
}

/**
 * One queue per database file for the whole process, kept on globalThis: Next's dev server can
 * load this module twice, and two stores on one file with separate queues would stall each other.
 */
const QUEUES = Symbol.for("seedream-studio.store.write-queues");
type GlobalWithQueues = typeof globalThis & { [QUEUES]?: Map<string, WriteQueue> };

function writeQueueFor(file: string): WriteQueue {
  const holder = globalThis as GlobalWithQueues;
  const queues = (holder[QUEUES] ??= new Map());
  const key = resolve(file);
  let queue = queues.get(key);
  if (!queue) {
    queue = createWriteQueue();
    queues.set(key, queue);
  }
  return queue;
}

import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirLockedError, LOCK_FILE, lockDataDir, releaseDataDir } from "@/lib/server/data-dir-lock";
import { UNRECORDED_END } from "@/lib/server/jobs/unrecorded-ends";
import { StoreError, type Store } from "@/lib/server/store";
import { textJob, useJobsHarness, waitUntil } from "./support/jobs-harness";

/**
 * A job whose end cannot be written (the disk refuses) must not read as running until the next
 * start-up, and a second process on the same data dir must not mark the first one's live jobs
 * interrupted.
 */
const A = "visitor-a-end-write-0000";
const harnesses = useJobsHarness();
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  await harnesses.cleanup();
});

/** The store with failGeneration refusing, as a full disk makes SQLite refuse, while `refusals` > 0. */
function refusingEnds(store: Store, state: { refusals: number }): Store {
  const runs: Store["runs"] = {
    ...store.runs,
    fail: async (...args) => {
      if (state.refusals > 0) {
        state.refusals -= 1;
        throw new StoreError("write_failed", "The database could not be written (SQLITE_FULL).");
      }
      return store.runs.fail(...args);
    },
  };
  return { ...store, runs };
}

describe("recording a failed job's end", () => {
  it("reads as interrupted while the disk refuses, and records the provider's error once it takes the write", async () => {
    const h = await harnesses.open();
    const state = { refusals: 3 };
    const jobs = h.createJobs({ store: refusingEnds(h.store, state), endWriteRetryMs: [10, 300] });
    const job = await jobs.start(A, textJob("[fault:500] a lighthouse"));
    await jobs.idle();
    const stored = await h.store.generations.get(A, job.id);
    expect(stored?.status).toBe("running");
    expect(jobs.surface(stored!)).toMatchObject({
      status: "interrupted",
      errorCode: UNRECORDED_END.code,
      errorMessage: UNRECORDED_END.message,
    });
    // The disk has room again: a later try writes how the job really ended.
    await waitUntil(() => state.refusals === 0, "the refusals to run out");
    let recorded = stored;
    for (let i = 0; i < 100 && recorded?.status === "running"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      recorded = await h.store.generations.get(A, job.id);
    }
    expect(recorded).toMatchObject({ status: "failed", errorCode: "provider_error" });
    expect(jobs.surface(recorded!)).toBe(recorded);
  });

  it("does not hold the runner while it tries again: the next job runs meanwhile", async () => {
    const h = await harnesses.open();
    const state = { refusals: 1_000 };
    const jobs = h.createJobs({ store: refusingEnds(h.store, state), maxConcurrency: 1, endWriteRetryMs: [60_000] });
    await jobs.start(A, textJob("[fault:500] a lighthouse"));
    const next = await jobs.start(A, textJob("a harbour"));
    await jobs.idle();
    expect(await h.store.generations.get(A, next.id)).toMatchObject({ status: "succeeded" });
  });
});

describe("the data dir lock", () => {
  async function holdInAnotherProcess(dataDir: string): Promise<ChildProcess> {
    const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "tests/support/hold-data-dir-lock.ts", dataDir], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(child);
    const [line] = (await once(child.stdout!, "data")) as [Buffer];
    expect(line.toString()).toBe("locked\n");
    return child;
  }

  it("refuses a second live process on the same data dir, naming it, and lets one start after it died", async () => {
    const h = await harnesses.open();
    const other = await holdInAnotherProcess(h.dataDir);
    expect(await readFile(join(h.dataDir, LOCK_FILE), "utf8")).toBe(`${other.pid}\n`);
    expect(() => lockDataDir(h.dataDir)).toThrow(DataDirLockedError);
    expect(() => lockDataDir(h.dataDir)).toThrow(`Another studio process (pid ${other.pid}) is using the data dir`);

    other.kill("SIGKILL");
    await once(other, "exit");
    // Its lock file is still there, but its process is gone: the lock is taken over.
    lockDataDir(h.dataDir);
    expect(await readFile(join(h.dataDir, LOCK_FILE), "utf8")).toBe(`${process.pid}\n`);
    lockDataDir(h.dataDir); // the same process again is fine
    releaseDataDir(h.dataDir);
    await expect(readFile(join(h.dataDir, LOCK_FILE), "utf8")).rejects.toMatchObject({ code: "ENOENT" });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobQueuePart, Store } from "@/lib/server/store";
import { HANDED_BACK } from "@/lib/server/jobs/claiming-runner";
import { SETTINGS, useTempStore } from "./support/store-fixtures";
import pg from "pg";

const LEASE_MS = 10_000;

/** The shared job queue on a real PostgreSQL: claims, the deployment-wide limit, leases and takeovers. */
describe("the job queue on PostgreSQL", () => {
  const stores = useTempStore("postgres+s3");
  let store: Store;
  let queue: JobQueuePart;
  let databaseUrl: string;

  beforeAll(async () => {
    const dataDir = await stores.dataDir();
    store = await stores.open(dataDir);
    queue = store.jobQueue!;
    databaseUrl = (await stores.settingsOf(dataDir)).databaseUrl!;
  });
  afterAll(() => stores.cleanup());

  let count = 0;
  const queueJobs = async (how: number) => {
    const ids: string[] = [];
    for (let index = 0; index < how; index++) {
      const input = { visitorId: "visitor-q", model: "bytedance/seedream-v4-text-to-image" as const, prompt: `job ${count++}`, parameters: SETTINGS, inputImageIds: [] };
      ids.push((await store.generations.create(input)).id);
    }
    return ids;
  };
  /** Every job still running ends, so the next test starts with the deployment's slots free. */
  const endAll = async (ids: string[]) => {
    for (const id of ids) await store.runs.fail(id, { code: "test", message: "Ended by the test." });
  };
  const sql = async (text: string, values: unknown[] = []) => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query(text, values)).rows;
    } finally {
      await client.end();
    }
  };

  it("takes the oldest jobs first and never more than the deployment's limit, whoever claims", async () => {
    const ids = await queueJobs(5);
    // Two processes claiming at once, each with room for three: the deployment allows three in all.
    const [first, second] = await Promise.all([
      queue.claim({ owner: "a", wanted: 3, deploymentLimit: 3, leaseMs: LEASE_MS }),
      queue.claim({ owner: "b", wanted: 3, deploymentLimit: 3, leaseMs: LEASE_MS }),
    ]);
    expect(first.length + second.length).toBe(3);
    expect([...first, ...second].sort()).toEqual(ids.slice(0, 3).sort());
    expect(new Set([...first, ...second]).size).toBe(3);
    expect(await queue.claim({ owner: "c", wanted: 3, deploymentLimit: 3, leaseMs: LEASE_MS })).toEqual([]);
    await endAll([...first, ...second]);
    const rest = await queue.claim({ owner: "c", wanted: 5, deploymentLimit: 3, leaseMs: LEASE_MS });
    expect(rest).toEqual(ids.slice(3));
    await endAll(rest);
  });

  it("renews only the owner's running job, so a canceled one is noticed at its next renewal", async () => {
    const [id] = await queueJobs(1);
    expect(await queue.claim({ owner: "a", wanted: 1, deploymentLimit: 4, leaseMs: LEASE_MS })).toEqual([id]);
    expect(await queue.renew(id!, "a", LEASE_MS)).toBe(true);
    expect(await queue.renew(id!, "someone else", LEASE_MS)).toBe(false);
    expect(await store.generations.cancel("visitor-q", id!)).toBe(true);
    expect(await queue.renew(id!, "a", LEASE_MS)).toBe(false);
    expect(await queue.markProviderCalled(id!, "a")).toBe(false);
  });

  it("queues a lapsed job again when the provider never saw it, and interrupts it with Retry when it did", async () => {
    const [unsent, sent, live] = await queueJobs(3);
    const claimed = await queue.claim({ owner: "gone", wanted: 2, deploymentLimit: 4, leaseMs: LEASE_MS });
    expect(claimed).toEqual([unsent, sent]);
    expect(await queue.claim({ owner: "alive", wanted: 1, deploymentLimit: 4, leaseMs: LEASE_MS })).toEqual([live]);
    expect(await queue.markProviderCalled(sent!, "gone")).toBe(true);
    // Nothing lapsed yet: nothing is taken.
    expect(await queue.takeOverLapsed(HANDED_BACK)).toEqual([]);
    await sql("UPDATE generations SET lease_until = lease_until - $1 WHERE lease_owner = 'gone'", [LEASE_MS + 1]);
    const taken = await queue.takeOverLapsed(HANDED_BACK);
    expect(taken.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [{ id: unsent!, status: "queued" }, { id: sent!, status: "interrupted" }].sort((a, b) => a.id.localeCompare(b.id)),
    );
    const [requeued, interrupted, untouched] = await Promise.all([unsent, sent, live].map((id) => store.runs.get(id!)));
    expect(requeued).toMatchObject({ status: "queued", leaseOwner: null, startedAt: null, errorCode: null });
    expect(interrupted).toMatchObject({ status: "interrupted", errorCode: "interrupted" });
    expect(interrupted?.errorMessage).toMatch(/may have charged.*Retry/);
    expect(untouched).toMatchObject({ status: "running", leaseOwner: "alive" });
    // The process that lost its claim can no longer write an end over the takeover.
    expect(await store.runs.fail(sent!, { code: "late", message: "Too late." }, "failed", "gone")).toBe(false);
    expect((await store.runs.get(sent!))?.status).toBe("interrupted");
    await endAll([live!, unsent!]);
  });

  it("treats a job left running from before claims existed as maybe sent: interrupted, never re-run", async () => {
    const [old] = await queueJobs(1);
    await sql("UPDATE generations SET status = 'running', started_at = 1 WHERE id = $1", [old]);
    expect(await queue.takeOverLapsed(HANDED_BACK)).toEqual([{ id: old, status: "interrupted" }]);
  });

  it("leaves a replay step that has just succeeded to the live process recording its next step", async () => {
    const [recent, old] = await queueJobs(2);
    const succeededWithPlan = "UPDATE generations SET status = 'succeeded', finished_at = $2, replay_plan = '[{\"step\": 1}]'::jsonb WHERE id = $1";
    await sql(succeededWithPlan, [recent, Date.now()]);
    await sql(succeededWithPlan, [old, Date.now() - 60_000]);
    const ids = async (finishedBefore?: number) => (await store.runs.listStalledReplays(finishedBefore)).map((step) => step.id).sort();
    expect(await ids(Date.now() - LEASE_MS)).toEqual([old]);
    expect(await ids()).toEqual([recent, old].sort());
    await sql("UPDATE generations SET replay_plan = NULL WHERE id = ANY($1)", [[recent, old]]);
  });

  it("hands a job back on release: queued again before the provider call, interrupted after", async () => {
    const [before, after] = await queueJobs(2);
    await queue.claim({ owner: "stopping", wanted: 2, deploymentLimit: 4, leaseMs: LEASE_MS });
    await queue.markProviderCalled(after!, "stopping");
    expect(await queue.release(before!, "stopping", HANDED_BACK)).toBe("queued");
    expect(await queue.release(after!, "stopping", HANDED_BACK)).toBe("interrupted");
    expect(await queue.release(after!, "stopping", HANDED_BACK)).toBeNull();
    await endAll([before!]);
  });
});

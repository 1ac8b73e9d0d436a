import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeAimlApi, type FakeAimlApi } from "@/e2e/fake-api/server";
import { openStore, type Store } from "@/lib/server/store";
import { startS3, type RunningS3 } from "./support/engines/s3-server";
import { createBucket } from "./support/engines/provision";
import { freshDatabaseUrl } from "./support/store-kinds";
import { jobRows, until } from "./support/scale/rows";
import { deploymentEnv, startStudioProcess, stopStudioProcess, type StudioProcess } from "./support/scale/processes";

const API_KEY = "s3-outage-key";
const VISITOR = "through-an-outage";
const OUTAGE_MS = 30_000;
/** Longer than the outage, so every result that lands during it is written once the bucket is back. */
const WRITE_RETRY_MS = OUTAGE_MS + 15_000;
const FINISHED = ["succeeded", "failed", "canceled", "interrupted"];

/**
 * The S3 server stopped for real (connections refused) for thirty seconds while an instance's jobs
 * are with the provider, and their results land during the outage. A server of its own: the run's
 * shared one serves other test files.
 */
describe("a deployment whose S3 server is unreachable for thirty seconds", () => {
  let s3: RunningS3;
  let fake: FakeAimlApi;
  let databaseUrl: string;
  let store: Store;
  let instance: StudioProcess;
  const dirs: string[] = [];

  beforeAll(async () => {
    s3 = await startS3();
    const [url, bucket] = await Promise.all([freshDatabaseUrl(), createBucket(s3.endpoint)]);
    databaseUrl = url;
    fake = await startFakeAimlApi({ port: 0, apiKey: API_KEY });
    const tempDir = async () => {
      const dir = await mkdtemp(join(tmpdir(), "studio-s3-outage-"));
      dirs.push(dir);
      return dir;
    };
    // Opening migrates the new database once, before the instance starts; the test reads through it.
    store = await openStore({ dataDir: await tempDir(), databaseUrl, s3: bucket });
    instance = startStudioProcess("instance", "tests/support/scale/instance.ts", {
      ...deploymentEnv({ databaseUrl, bucket, apiBaseUrl: fake.baseUrl, apiKey: API_KEY }),
      STUDIO_RATE_LIMIT: "off",
      STUDIO_MAX_CONCURRENCY: "8",
      S3_WRITE_RETRY_MS: String(WRITE_RETRY_MS),
      STUDIO_DATA_DIR: await tempDir(),
    });
    await instance.waitFor((line) => "ready" in line, 60_000);
  }, 90_000);

  afterAll(async () => {
    if (instance) await stopStudioProcess(instance);
    await store?.close();
    await fake?.close();
    await s3?.stop();
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  const statuses = (ids: string[]) => jobRows(databaseUrl, ids);

  const start = async (prompt: string) => {
    const answer = await instance.ask({ op: "start", visitorId: VISITOR, prompt }, 30_000);
    if (typeof answer.id !== "string") throw new Error(`Not started: ${String(answer.error)}`);
    return answer.id;
  };
  const heardSucceeded = (id: string, timeoutMs: number) =>
    instance.waitFor((line) => {
      const event = line.event as { generation?: { id: string; status: string } } | undefined;
      return event?.generation?.id === id && event.generation.status === "succeeded";
    }, timeoutMs);

  it("ends every job with its images whole or a sentence, and goes on without a restart", async () => {
    await instance.ask({ op: "watch", visitorId: VISITOR });
    // Results land 2 to 20 seconds into the outage.
    const prompts = [2_000, 8_000, 14_000, 20_000].map((ms) => `through an outage [fault:slow:${ms}]`);
    const ids = await Promise.all(prompts.map(start));
    await until("every call to reach the provider", async () => fake.requests().filter((call) => prompts.includes(call.prompt ?? "")).length === 4, 15_000);

    await s3.pause();
    const outageFrom = Date.now();
    // A job recorded during the outage needs no bucket until its result lands.
    ids.push(await start("recorded during the outage [fault:slow:1000]"));
    await sleep(OUTAGE_MS - (Date.now() - outageFrom));
    expect((await statuses(ids)).filter((row) => row.status === "succeeded")).toEqual([]);
    await s3.resume();

    await until("every job to end", async () => (await statuses(ids)).every((row) => FINISHED.includes(row.status)), 20_000);
    const rows = await statuses(ids);
    for (const row of rows) expect(row.status === "succeeded" || (row.error_message ?? "").length > 10).toBe(true);
    const succeeded = rows.filter((row) => row.status === "succeeded");
    console.log(`S3 down ${OUTAGE_MS} ms: ${succeeded.length} of ${rows.length} jobs succeeded after retries; the others ended with a sentence`);
    // The writes kept trying for longer than the outage: no result the provider made was dropped.
    expect(rows.filter((row) => row.status !== "succeeded")).toEqual([]);

    // Every image a job recorded is there whole: its bytes read back from the bucket and match their hash.
    for (const row of succeeded) {
      const found = await store.generations.withOutputs(VISITOR, row.id);
      expect(found?.outputs.length).toBe(1);
      for (const image of found!.outputs) {
        const bytes = await store.images.read(VISITOR, image.id);
        expect(bytes?.length).toBe(image.bytes);
        expect(createHash("sha256").update(bytes!).digest("hex")).toBe(image.sha256);
      }
    }

    // The same process goes on as before: a new job runs, is stored and heard of live.
    const after = await start("after the outage");
    await heardSucceeded(after, 20_000);
    expect(instance.child.exitCode).toBeNull();
  }, 120_000);
});

import { describe, expect, it } from "vitest";
import { parseEnv, storeSettingsOf } from "@/lib/server/env";
import { storeEngines } from "@/lib/server/store";

const DATABASE_URL = "postgres://studio:secret@db.internal:5432/studio";

describe("store settings from the environment", () => {
  it("keep SQLite and the data dir when nothing is set", () => {
    const settings = storeSettingsOf(parseEnv({ STUDIO_DATA_DIR: "/srv/studio" }));
    expect(settings).toEqual({ dataDir: "/srv/studio", databaseUrl: undefined, s3: undefined });
    expect(storeEngines(settings)).toEqual({ records: "sqlite", bytes: "disk" });
  });

  it("use PostgreSQL and S3 each without the other", () => {
    expect(storeEngines(storeSettingsOf(parseEnv({ DATABASE_URL })))).toEqual({ records: "postgres", bytes: "disk" });
    const s3Only = storeSettingsOf(parseEnv({ S3_BUCKET: "studio-images", S3_ENDPOINT: "http://127.0.0.1:9000" }));
    expect(storeEngines(s3Only)).toEqual({ records: "sqlite", bytes: "s3" });
    // A custom endpoint means path-style URLs unless told otherwise; AWS itself keeps virtual hosts.
    expect(s3Only.s3).toMatchObject({ bucket: "studio-images", region: "us-east-1", forcePathStyle: true });
    expect(storeSettingsOf(parseEnv({ S3_BUCKET: "studio-images" })).s3?.forcePathStyle).toBe(false);
    expect(storeSettingsOf(parseEnv({ S3_BUCKET: "b-1", S3_ENDPOINT: "http://s3.local", S3_FORCE_PATH_STYLE: "false" })).s3?.forcePathStyle).toBe(false);
  });

  it("keep an image write trying through an S3 outage for a bounded time", () => {
    expect(storeSettingsOf(parseEnv({ S3_BUCKET: "studio-images" })).s3?.writeRetryMs).toBe(60_000);
    expect(storeSettingsOf(parseEnv({ S3_BUCKET: "studio-images", S3_WRITE_RETRY_MS: "45000" })).s3?.writeRetryMs).toBe(45_000);
    expect(() => parseEnv({ S3_BUCKET: "studio-images", S3_WRITE_RETRY_MS: "3600000" })).toThrow(/S3_WRITE_RETRY_MS must be at most 600000/);
  });

  it("let an instance of a shared deployment leave jobs to workers, with a lease of at most 30 s", () => {
    const shared = parseEnv({ DATABASE_URL, STUDIO_RUN_JOBS: "false", STUDIO_JOB_LEASE_MS: "15000" });
    expect(shared).toMatchObject({ STUDIO_RUN_JOBS: false, STUDIO_JOB_LEASE_MS: 15_000 });
    expect(parseEnv({})).toMatchObject({ STUDIO_RUN_JOBS: true, STUDIO_JOB_LEASE_MS: 20_000 });
    expect(() => parseEnv({ STUDIO_RUN_JOBS: "false" })).toThrow(/STUDIO_RUN_JOBS can only be false with DATABASE_URL set/);
    expect(() => parseEnv({ DATABASE_URL, STUDIO_JOB_LEASE_MS: "60000" })).toThrow(/STUDIO_JOB_LEASE_MS must be at most 30000/);
  });

  it("stop start-up with one sentence per bad value", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://db/studio" })).toThrow(/DATABASE_URL must be a postgres:\/\/ URL/);
    expect(() => parseEnv({ S3_BUCKET: "Not_A_Bucket" })).toThrow(/S3_BUCKET must be a bucket name/);
    expect(() => parseEnv({ S3_ENDPOINT: "http://127.0.0.1:9000" })).toThrow(/S3_BUCKET is required when any other S3_ setting is set/);
    expect(() => parseEnv({ S3_BUCKET: "studio", S3_ACCESS_KEY_ID: "AKIA" })).toThrow(/S3_SECRET_ACCESS_KEY and S3_ACCESS_KEY_ID must be set together/);
    expect(() => parseEnv({ S3_BUCKET: "studio", S3_FORCE_PATH_STYLE: "yes" })).toThrow(/S3_FORCE_PATH_STYLE must be true or false/);
  });
});

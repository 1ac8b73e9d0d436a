// Serves the built studio on PostgreSQL + S3 for the e2e suite: starts a real PostgreSQL and an
// s3rver on loopback, makes a database and a bucket, then runs serve-app.sh with DATABASE_URL and
// S3_* set. Stopping this process stops everything it started.
//
// `serve-app-shared.ts PORT [MORE_PORTS…] [--worker]`: every further port is another instance of
// the same deployment that only records jobs (STUDIO_RUN_JOBS=false), and --worker adds
// `npm run worker`, so one deployment of several processes shares the database and the bucket.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createBucket, createDatabase } from "../../tests/support/engines/provision";
import { startPostgres } from "../../tests/support/engines/postgres-server";
import { startS3 } from "../../tests/support/engines/s3-server";

async function main(args: string[]) {
  const [port, ...morePorts] = args.filter((arg) => arg !== "--worker");
  if (!port) throw new Error("Pass the port to serve on.");
  const [postgres, s3] = await Promise.all([startPostgres(), startS3()]);
  const stopAll = async () => {
    await Promise.allSettled([postgres.stop(), s3.stop()]);
  };
  try {
    const [databaseUrl, bucket] = await Promise.all([createDatabase(postgres.url), createBucket(s3.endpoint)]);
    const shared = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      S3_BUCKET: bucket.bucket,
      S3_ENDPOINT: bucket.endpoint,
      S3_ACCESS_KEY_ID: bucket.accessKeyId,
      S3_SECRET_ACCESS_KEY: bucket.secretAccessKey,
      // One secret for the whole deployment: each instance would otherwise make its own.
      STUDIO_SESSION_SECRET: process.env.STUDIO_SESSION_SECRET ?? randomBytes(32).toString("base64"),
    };
    const children: ChildProcess[] = [spawn("bash", ["e2e/support/serve-app.sh", port], { stdio: "inherit", env: shared })];
    for (const more of morePorts) {
      const env = { ...shared, STUDIO_RUN_JOBS: "false", STUDIO_DATA_DIR: `.e2e-data/${more}` };
      children.push(spawn("bash", ["e2e/support/serve-app.sh", more], { stdio: "inherit", env }));
    }
    if (args.includes("--worker")) {
      const env = { ...shared, STUDIO_DATA_DIR: `.e2e-data/${port}-worker` };
      children.push(spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], { stdio: "inherit", env }));
    }
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.on(signal, () => {
        for (const child of children) child.kill(signal);
      });
    }
    // The first one to stop stops the deployment: the suite would not be testing what it says.
    const code = await Promise.race(children.map((child) => new Promise<number>((resolve) => child.on("exit", (exitCode) => resolve(exitCode ?? 0)))));
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.on("exit", resolve)) : null)));
    await stopAll();
    process.exit(code);
  } catch (error) {
    await stopAll();
    throw error;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

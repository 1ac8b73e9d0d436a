// Serves the built studio on PostgreSQL + S3 for the e2e suite: starts a real PostgreSQL and an
// s3rver on loopback, makes a database and a bucket, then runs serve-app.sh with DATABASE_URL and
// S3_* set. Stopping this process stops all three.
import { spawn } from "node:child_process";
import { createBucket, createDatabase } from "../../tests/support/engines/provision";
import { startPostgres } from "../../tests/support/engines/postgres-server";
import { startS3 } from "../../tests/support/engines/s3-server";

async function main(port: string | undefined) {
  if (!port) throw new Error("Pass the port to serve on.");
  const [postgres, s3] = await Promise.all([startPostgres(), startS3()]);
  const stopAll = async () => {
    await Promise.allSettled([postgres.stop(), s3.stop()]);
  };
  try {
    const [databaseUrl, bucket] = await Promise.all([createDatabase(postgres.url), createBucket(s3.endpoint)]);
    const app = spawn("bash", ["e2e/support/serve-app.sh", port], {
      stdio: "inherit",
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        S3_BUCKET: bucket.bucket,
        S3_ENDPOINT: bucket.endpoint,
        S3_ACCESS_KEY_ID: bucket.accessKeyId,
        S3_SECRET_ACCESS_KEY: bucket.secretAccessKey,
      },
    });
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.on(signal, () => {
        app.kill(signal);
      });
    }
    const code = await new Promise<number>((resolve) => app.on("exit", (exitCode) => resolve(exitCode ?? 0)));
    await stopAll();
    process.exit(code);
  } catch (error) {
    await stopAll();
    throw error;
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

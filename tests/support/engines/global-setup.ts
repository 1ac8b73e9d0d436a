import type { TestProject } from "vitest/node";
import { startPostgres } from "./postgres-server";
import { startS3 } from "./s3-server";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
    s3Endpoint: string;
    s3Directory: string;
  }
}

/** One PostgreSQL and one S3 server for the whole run; each store a test opens gets its own database and bucket. */
export default async function setup(project: TestProject) {
  const [postgres, s3] = await Promise.all([startPostgres(), startS3()]);
  project.provide("postgresUrl", postgres.url);
  project.provide("s3Endpoint", s3.endpoint);
  project.provide("s3Directory", s3.directory);
  return async () => {
    await Promise.all([s3.stop(), postgres.stop()]);
  };
}

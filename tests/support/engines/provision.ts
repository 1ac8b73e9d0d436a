import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { s3ClientFor, type S3Settings } from "@/lib/server/store/blobs/s3";
import { S3_TEST_CREDENTIALS } from "./s3-server";

/** A fresh, empty database on the PostgreSQL server whose superuser URL is given. */
export async function createDatabase(adminUrl: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  const name = `studio_${randomBytes(6).toString("hex")}`;
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.href;
}

/** A fresh, empty bucket on the S3 server at `endpoint`. */
export async function createBucket(endpoint: string): Promise<S3Settings> {
  const settings: S3Settings = {
    bucket: `studio-${randomBytes(6).toString("hex")}`,
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    ...S3_TEST_CREDENTIALS,
  };
  const client = s3ClientFor(settings);
  await client.send(new CreateBucketCommand({ Bucket: settings.bucket }));
  client.destroy();
  return settings;
}

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";

export interface RunningS3 {
  endpoint: string;
  /** Where s3rver keeps each object as a file: tests look at the bytes as stored. */
  directory: string;
  /** Stops serving (connections are refused) and keeps every object, for an outage. */
  pause(): Promise<void>;
  /** Serves the same objects again on the same port. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/** s3rver's fixed credentials. */
export const S3_TEST_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

/** A real S3-protocol server on a free loopback port, objects in a temp dir. */
export async function startS3(): Promise<RunningS3> {
  const directory = await mkdtemp(join(tmpdir(), "studio-s3-"));
  const serve = async (port: number) => {
    const server = new S3rver({ address: "127.0.0.1", port, silent: true, directory, allowMismatchedSignatures: true });
    return { server, port: (await server.run()).port };
  };
  let running: Awaited<ReturnType<typeof serve>> | null = await serve(0);
  const port = running.port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    directory,
    async pause() {
      await running?.server.close();
      running = null;
    },
    async resume() {
      running ??= await serve(port);
    },
    async stop() {
      await running?.server.close();
      running = null;
      await rm(directory, { recursive: true, force: true });
    },
  };
}

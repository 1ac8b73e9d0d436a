import "server-only";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { StoreError } from "../errors";
import { S3_WRITE_RETRY_MS_DEFAULT } from "../limits";
import { BLOB_KEY, type BlobStore, type BlobVariant } from "./blob-store";

export interface S3Settings {
  bucket: string;
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  /** How long, in all, an image write keeps trying while the bucket is unreachable; S3_WRITE_RETRY_MS_DEFAULT when unset. */
  writeRetryMs?: number;
}

/**
 * S3-compatible servers other than AWS reject the SDK's default CRC32 checksum headers, so
 * checksums are only sent and checked where an operation requires them. Credentials come from the
 * settings, or else from the SDK's usual chain (environment, instance role).
 */
export function s3ClientFor(settings: S3Settings): S3Client {
  return new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    credentials:
      settings.accessKeyId && settings.secretAccessKey
        ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
        : undefined,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

/** The same layout as the data dir: blobs/ab/ab12…ef and thumbs/ab/ab12…ef.webp. */
export function s3KeyOf(variant: BlobVariant, key: string): string {
  if (!BLOB_KEY.test(key)) throw new StoreError("invalid_input", `Not a blob key: ${JSON.stringify(key)}.`);
  return variant === "original" ? `blobs/${key.slice(0, 2)}/${key}` : `thumbs/${key.slice(0, 2)}/${key}.webp`;
}

/** Image bytes in a bucket. A PUT is atomic in S3, so readers see a whole object or none. */
export function openS3Blobs(settings: S3Settings, client = s3ClientFor(settings)): BlobStore {
  const Bucket = settings.bucket;
  const sizeOf = async (objectKey: string, abortSignal?: AbortSignal): Promise<number | null> => {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket, Key: objectKey }), { abortSignal });
      return head.ContentLength ?? 0;
    } catch (error) {
      return nullIfMissing(error);
    }
  };
  const get = async (objectKey: string) => {
    try {
      return await client.send(new GetObjectCommand({ Bucket, Key: objectKey }));
    } catch (error) {
      return nullIfMissing(error);
    }
  };

  return {
    async put(variant, key, bytes) {
      const objectKey = s3KeyOf(variant, key);
      try {
        await keepTrying(settings.writeRetryMs ?? S3_WRITE_RETRY_MS_DEFAULT, async (abortSignal) => {
          if ((await sizeOf(objectKey, abortSignal)) === bytes.length) return;
          await client.send(new PutObjectCommand({ Bucket, Key: objectKey, Body: bytes, ContentLength: bytes.length }), { abortSignal });
        });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new StoreError("write_failed", `Could not write an image to the bucket (${reason}).`, { cause: error });
      }
    },

    async has(variant, key) {
      return (await sizeOf(s3KeyOf(variant, key))) !== null;
    },

    async open(variant, key) {
      const object = await get(s3KeyOf(variant, key));
      if (!object?.Body) return null;
      // The SDK's body in Node is a stream: it goes out to the client as it arrives, never buffered whole.
      return { stream: object.Body as Readable, size: object.ContentLength ?? 0 };
    },

    async read(variant, key) {
      const object = await get(s3KeyOf(variant, key));
      return object?.Body ? Buffer.from(await object.Body.transformToByteArray()) : null;
    },

    async reader(variant, key) {
      const objectKey = s3KeyOf(variant, key);
      const size = await sizeOf(objectKey);
      if (size === null) return null;
      // Range GETs: the header a download rewrites is one small request, the rest one stream.
      const range = async (start: number, end: number) => {
        const object = await client.send(new GetObjectCommand({ Bucket, Key: objectKey, Range: `bytes=${start}-${end - 1}` }));
        return object.Body as Readable;
      };
      return {
        size,
        async read(start, end) {
          const last = Math.min(end, size);
          if (last <= start) return Buffer.alloc(0);
          const chunks: Buffer[] = [];
          for await (const chunk of await range(start, last)) chunks.push(chunk as Buffer);
          return Buffer.concat(chunks);
        },
        stream(start, end) {
          const last = Math.min(end, size);
          return Readable.from(
            (async function* () {
              if (last > start) yield* await range(start, last);
            })(),
          );
        },
        close: async () => undefined,
      };
    },

    // One DELETE each: a batch delete needs a checksum header that S3-compatible servers disagree on.
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: s3KeyOf("original", key) }));
      await client.send(new DeleteObjectCommand({ Bucket, Key: s3KeyOf("thumbnail", key) }));
    },
  };
}

/**
 * Runs `write` again while it fails for any reason but the bucket refusing it (a 4xx: tried again it
 * would be refused again), waiting longer each time, until `budgetMs` would be passed. Each try is
 * cut off at the budget's end too, so a bucket that swallows requests cannot hold it longer. A PUT is
 * atomic, so a try cut short leaves no part of the object behind.
 */
async function keepTrying(budgetMs: number, write: (abortSignal: AbortSignal) => Promise<void>): Promise<void> {
  const giveUpAt = Date.now() + budgetMs;
  for (let waitMs = 250; ; waitMs = Math.min(waitMs * 2, 4_000)) {
    try {
      return await write(AbortSignal.timeout(Math.max(1, giveUpAt - Date.now())));
    } catch (error) {
      const refused = error instanceof S3ServiceException && error.$fault === "client";
      if (refused || Date.now() + waitMs > giveUpAt) throw error;
      await sleep(waitMs);
    }
  }
}

function nullIfMissing(error: unknown): null {
  if (error instanceof S3ServiceException && (error.name === "NoSuchKey" || error.name === "NotFound" || error.$metadata.httpStatusCode === 404)) {
    return null;
  }
  throw error;
}

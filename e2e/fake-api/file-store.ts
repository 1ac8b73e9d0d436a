import { randomUUID } from "node:crypto";

/**
 * The fake's CDN: generated images served at `/files/<id>.<ext>` until their time is up, then 404,
 * like the signed, expiring links the real API returns. Only memory, swept as files are added.
 */
interface StoredFile {
  bytes: Buffer;
  mime: string;
  expiresAt: number;
}

const EXTENSIONS: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpeg",
  "image/webp": "webp",
};

export function extensionFor(mime: string): string {
  return EXTENSIONS[mime] ?? "bin";
}

export class FileStore {
  private readonly files = new Map<string, StoredFile>();

  constructor(private readonly ttlMs: number) {}

  /** Returns the file's name; `alreadyExpired` hands out a link that is dead on arrival. */
  put(bytes: Buffer, mime: string, alreadyExpired = false): string {
    this.sweep();
    const name = `${randomUUID()}.${extensionFor(mime)}`;
    if (!alreadyExpired) this.files.set(name, { bytes, mime, expiresAt: Date.now() + this.ttlMs });
    return name;
  }

  get(name: string): StoredFile | undefined {
    const file = this.files.get(name);
    if (!file) return undefined;
    if (Date.now() >= file.expiresAt) {
      this.files.delete(name);
      return undefined;
    }
    return file;
  }

  clear(): void {
    this.files.clear();
  }

  private sweep(): void {
    const now = Date.now();
    for (const [name, file] of this.files) if (now >= file.expiresAt) this.files.delete(name);
  }
}

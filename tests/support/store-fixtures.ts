import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import sharp from "sharp";
import { openStore, type ImageBytes, type Store, type StoreSettings } from "@/lib/server/store";
import { blobFiles, settingsFor, type StoreKind } from "./store-kinds";

/**
 * A fresh data dir per test, removed afterwards; stores opened in it are closed first. On
 * PostgreSQL + S3 each data dir gets its own database and bucket, kept when the dir is reopened.
 */
export function useTempStore(kind: StoreKind = "sqlite+disk") {
  const opened: Store[] = [];
  const dirs: string[] = [];
  const settings = new Map<string, Promise<StoreSettings>>();
  const settingsOf = (dataDir: string): Promise<StoreSettings> => {
    let found = settings.get(dataDir);
    if (!found) {
      found = settingsFor(kind, dataDir);
      settings.set(dataDir, found);
    }
    return found;
  };
  return {
    kind,
    settingsOf,
    /** The stored bytes of the store opened on this data dir, as files (see blobFiles). */
    async files(dataDir: string) {
      return blobFiles(await settingsOf(dataDir));
    },
    async dataDir(): Promise<string> {
      const dir = await mkdtemp(join(tmpdir(), "studio-store-"));
      dirs.push(dir);
      return dir;
    },
    async open(dataDir: string): Promise<Store> {
      const store = await openStore(await settingsOf(dataDir));
      opened.push(store);
      return store;
    },
    /** Closes one store early, to reopen the same dir. */
    async close(store: Store): Promise<void> {
      opened.splice(opened.indexOf(store), 1);
      await store.close();
    },
    async cleanup(): Promise<void> {
      await Promise.all(opened.splice(0).map((store) => store.close()));
      await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}

/** A real PNG whose pixels depend on `shade`, so two shades never share a hash. */
export async function png(width: number, height: number, shade = 0): Promise<ImageBytes> {
  const bytes = await sharp({
    create: { width, height, channels: 3, background: { r: shade % 256, g: (shade * 7) % 256, b: 90 } },
  })
    .composite([{ input: Buffer.from(stripes(width, height)), top: 0, left: 0 }])
    .png()
    .toBuffer();
  return { bytes, mime: "image/png", width, height };
}

function stripes(width: number, height: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 3}" fill="#f4c430"/>
    <rect x="0" y="${height / 3}" width="${width}" height="${height / 6}" fill="#1e3a8a"/></svg>`;
}

/** Every file under `dir`, relative to it, sorted: what a test expects on disk, nothing else. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

export async function streamToBuffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

export const SETTINGS = { image_size: "square_hd", num_images: 1, seed: 42 } as const;

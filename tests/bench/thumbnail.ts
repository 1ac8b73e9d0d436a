import sharp from "sharp";
import { createLocalEngine } from "@/lib/server/engine/local";
import { TEXT_TO_IMAGE_MODEL } from "@/lib/shared/seedream/limits";
import { makeThumbnail, THUMBNAIL_MAX_SIDE } from "@/lib/server/store/blobs/thumbnails";
import type { Figure, Measurement } from "./figure";
import { formatMs, median } from "./stats";

/** Issue 7, P6. */
const BUDGET_BYTES = 30_000;
const BUDGET_MS = 80;
const SIDE = 4096;
const SEEDS = [101, 202, 303, 404, 505] as const;
const WARM_UP_SEED = 7;
const PROMPT = "a lighthouse on a cliff at dusk, warm light in the windows";
/** For the split and the what-if only: the settings thumbnails.ts uses, restated. */
const STORE_WEBP = { quality: 70, effort: 4 } as const;

interface Run {
  bytes: number;
  total: number;
  /** CPU time of the whole process (every libvips thread) during makeThumbnail: other processes' load does not inflate it. */
  cpu: number;
  decodeAndResize: number;
  encode: number;
  fromPixels: number;
  pngBytes: number;
}

export const thumbnail: Figure = {
  id: "P6",
  title: `thumbnail of a ${SIDE}² PNG: size, time`,
  budget: `≤ ${BUDGET_BYTES / 1000} kB, ≤ ${BUDGET_MS} ms median`,
  async measure(): Promise<Measurement> {
    const engine = createLocalEngine();
    const render = async (seed: number): Promise<Buffer> => {
      const result = await engine.generate({ model: TEXT_TO_IMAGE_MODEL, prompt: PROMPT, image_size: { width: SIDE, height: SIDE }, seed });
      const [image] = result.images;
      if (!image || image.width !== SIDE || image.height !== SIDE) throw new Error(`The offline engine did not draw a ${SIDE}² image.`);
      return image.bytes;
    };

    // The first sharp pipeline of a process pays for loading codecs; that is not the thumbnail's cost.
    // libvips' operation cache would serve the second decode of the same buffer from memory.
    const { memory, files, items } = sharp.cache();
    sharp.cache(false);
    const runs: Run[] = [];
    try {
      await timeRun(await render(WARM_UP_SEED));
      for (const seed of SEEDS) runs.push(await timeRun(await render(seed)));
    } finally {
      sharp.cache({ memory: memory.max, files: files.max, items: items.max });
    }

    const bytes = median(runs.map((run) => run.bytes));
    const total = median(runs.map((run) => run.total));
    const stat = (pick: (run: Run) => number) => formatMs(median(runs.map(pick)));
    return {
      measured: `median ${(bytes / 1000).toFixed(1)} kB, ${formatMs(total)}`,
      withinBudget: bytes <= BUDGET_BYTES && total <= BUDGET_MS,
      notes: [
        `${SEEDS.length} ${SIDE}×${SIDE} PNGs from the offline engine (seeds ${SEEDS.join(", ")}, median ` +
          `${(median(runs.map((run) => run.pngBytes)) / 1e6).toFixed(2)} MB) after one warm-up, each in memory before the clock starts.`,
        "time = makeThumbnail(png) from lib/server/store/blobs/thumbnails.ts, the function the store runs after committing an image: " +
          `clock starts as it is called, stops when its WebP buffer resolves (autoOrient, resize inside ${THUMBNAIL_MAX_SIDE}², WebP). ` +
          `Sizes ${runs.map((run) => `${(run.bytes / 1000).toFixed(1)}`).join(", ")} kB; times ${runs.map((run) => run.total.toFixed(0)).join(", ")} ms.`,
        `  CPU time of the process during the call (all libvips threads), median ${stat((run) => run.cpu)}: ` +
          "a wall time far above it means the cores were busy with other work.",
        `  split, each step timed on its own, medians: PNG decode + resize to ${THUMBNAIL_MAX_SIDE}² raw pixels ` +
          `${stat((run) => run.decodeAndResize)} (libvips streams decode into resize, so the two cannot be told apart; ` +
          `PNG has no shrink-on-load, so all ${((SIDE * SIDE) / 1e6).toFixed(1)} MP are inflated and unfiltered), ` +
          `WebP encode of the ${THUMBNAIL_MAX_SIDE}² pixels (quality 70, effort 4) ${stat((run) => run.encode)}.`,
        `  what-if: the same thumbnail made from the ${SIDE}² pixels already in memory (what an engine holds before PNG ` +
          `encoding; not what the store does today): median ${stat((run) => run.fromPixels)}.`,
      ],
    };
  },
};

async function timeRun(png: Buffer): Promise<Run> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const webp = await makeThumbnail(png);
  const total = performance.now() - started;
  const { user, system } = process.cpuUsage(cpuBefore);

  const decodeStarted = performance.now();
  const small = await sharp(png, { failOn: "error" })
    .autoOrient()
    .resize(THUMBNAIL_MAX_SIDE, THUMBNAIL_MAX_SIDE, { fit: "inside", withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const decodeAndResize = performance.now() - decodeStarted;
  const encodeStarted = performance.now();
  await sharp(small.data, { raw: { width: small.info.width, height: small.info.height, channels: small.info.channels } })
    .webp(STORE_WEBP)
    .toBuffer();
  const encode = performance.now() - encodeStarted;

  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const pixelsStarted = performance.now();
  await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .resize(THUMBNAIL_MAX_SIDE, THUMBNAIL_MAX_SIDE, { fit: "inside", withoutEnlargement: true })
    .webp(STORE_WEBP)
    .toBuffer();
  const fromPixels = performance.now() - pixelsStarted;

  const { width, height, format } = await sharp(webp).metadata();
  if (format !== "webp" || Math.max(width ?? 0, height ?? 0) !== THUMBNAIL_MAX_SIDE) {
    throw new Error(`makeThumbnail made a ${format} of ${width}×${height}, not a ${THUMBNAIL_MAX_SIDE}px WebP.`);
  }
  return { bytes: webp.length, total, cpu: (user + system) / 1000, decodeAndResize, encode, fromPixels, pngBytes: png.length };
}

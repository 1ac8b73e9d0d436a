import sharp from "sharp";
import { createLocalEngine } from "@/lib/server/engine/local";
import { TEXT_TO_IMAGE_MODEL } from "@/lib/shared/seedream/limits";
import { inspectImage, inspectImageWithThumbnail } from "@/lib/server/engine/inspect-image";
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

interface Run {
  bytes: number;
  /** The check's pass with the thumbnail made in it, less the check alone: the thumbnail's own cost. */
  total: number;
  /** The same difference in CPU time of the whole process (every libvips thread): other processes' load does not inflate it. */
  cpu: number;
  /** The check alone (inspectImage): every pixel decoded, paid whether or not a thumbnail is made. */
  decode: number;
  /** The check with the thumbnail made in the same pass (inspectImageWithThumbnail). */
  pass: number;
  /** The store's fallback and the old way: makeThumbnail(png), decoding the PNG again. */
  fromPng: number;
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
        "time = the thumbnail's own cost, as a generation pays it: inspectImageWithThumbnail(png) (lib/server/engine/inspect-image.ts, " +
          "what the AI/ML API engine runs on every output) decodes the PNG once to check every pixel, streaming the rows into the " +
          `thumbnail (resize inside ${THUMBNAIL_MAX_SIDE}², WebP quality 70, effort 2); less inspectImage(png), the same check ` +
          "without a thumbnail, timed on the same PNG just before. " +
          `Sizes ${runs.map((run) => `${(run.bytes / 1000).toFixed(1)}`).join(", ")} kB; times ${runs.map((run) => run.total.toFixed(0)).join(", ")} ms.`,
        `  the same difference in CPU time of the process (all libvips threads), median ${stat((run) => run.cpu)}: ` +
          "a wall time far above it means the cores were busy with other work.",
        `  the check alone, every pixel of the ${((SIDE * SIDE) / 1e6).toFixed(1)} MP decoded, median ${stat((run) => run.decode)}; ` +
          `with the thumbnail made in the same pass, median ${stat((run) => run.pass)}; for comparison, makeThumbnail(png), ` +
          `the store's fallback when none was handed over: median ${stat((run) => run.fromPng)}.`,
      ],
    };
  },
};

async function timeRun(png: Buffer): Promise<Run> {
  const timed = async (work: () => Promise<unknown>) => {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await work();
    const { user, system } = process.cpuUsage(cpuBefore);
    return { ms: performance.now() - started, cpu: (user + system) / 1000 };
  };
  const check = await timed(() => inspectImage(png));
  let webp: Buffer | null = null;
  const pass = await timed(async () => {
    webp = await (await inspectImageWithThumbnail(png)).thumbnail.made();
  });
  if (!webp) throw new Error("The thumbnail made in the check's pass failed.");

  const fromPngStarted = performance.now();
  await makeThumbnail(png);
  const fromPng = performance.now() - fromPngStarted;

  const { width, height, format } = await sharp(webp as Buffer).metadata();
  if (format !== "webp" || Math.max(width ?? 0, height ?? 0) !== THUMBNAIL_MAX_SIDE) {
    throw new Error(`The thumbnail is a ${format} of ${width}×${height}, not a ${THUMBNAIL_MAX_SIDE}px WebP.`);
  }
  const made: Buffer = webp;
  return {
    bytes: made.length,
    total: pass.ms - check.ms,
    cpu: pass.cpu - check.cpu,
    decode: check.ms,
    pass: pass.ms,
    fromPng,
    pngBytes: png.length,
  };
}

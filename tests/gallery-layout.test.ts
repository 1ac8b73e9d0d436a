import { describe, expect, it } from "vitest";
import { errorSentence } from "@/components/studio/gallery/error-sentence";
import { filterCounts, matchesFilter, queueOf, visibleItems } from "@/components/studio/gallery/filters";
import { packLines } from "@/components/studio/gallery/pack-rows";
import { FIRST_RUNS_SLOW_MS, median, slowThresholds } from "@/components/studio/gallery/waiting";
import type { GalleryItemView, GenerationView, ImageView } from "@/lib/shared/gallery/view";
import { EDIT_MODEL } from "@/lib/shared/seedream/limits";
import { SEEDREAM_ERRORS } from "@/lib/shared/seedream/errors";
import { generationView } from "./support/generation-views";

const image = (id: string, width = 1024, height = 1024): ImageView => ({
  id,
  url: `/api/images/${id}`,
  thumbnailUrl: `/api/images/${id}/thumbnail`,
  width,
  height,
  mime: "image/png",
  bytes: 1,
  origin: "output",
  fileName: null,
  generationId: null,
  seed: null,
  createdAt: 0,
});

let next = 0;
const generation = (patch: Partial<GenerationView> = {}): GenerationView => {
  const id = `g${(next += 1)}`;
  return generationView(id, { outputs: [image(`i${next}`)], ...patch });
};
const item = (g: GenerationView): GalleryItemView => ({ kind: "generation", generation: g });
const upload = (id: string): GalleryItemView => ({ kind: "upload", image: { ...image(id), origin: "upload", fileName: `${id}.png` } });

describe("the gallery's filters", () => {
  const made = item(generation());
  const edit = item(generation({ model: EDIT_MODEL, inputImageIds: ["u1"] }));
  const failed = item(generation({ status: "failed", outputs: [], error: { code: "provider_error", message: "x", retryable: true } }));
  const canceled = item(generation({ status: "canceled", outputs: [] }));
  const running = item(generation({ status: "running", outputs: [] }));
  const queued = item(generation({ status: "queued", outputs: [] }));
  const picture = upload("u1");
  const all = [made, edit, failed, canceled, running, queued, picture];

  it("puts each item under the filters it belongs to: uploads apart from results, failures apart from both", () => {
    expect(all.filter((entry) => matchesFilter(entry, "results"))).toEqual([made, running, queued]);
    expect(all.filter((entry) => matchesFilter(entry, "edits"))).toEqual([edit]);
    expect(all.filter((entry) => matchesFilter(entry, "uploads"))).toEqual([picture]);
    expect(all.filter((entry) => matchesFilter(entry, "failed"))).toEqual([failed, canceled]);
    expect(filterCounts(all)).toEqual({ all: 7, results: 3, edits: 1, uploads: 1, failed: 2 });
    expect(queueOf(all)).toEqual({ running: 1, queued: 1 });
  });

  it("hides a failed job behind its retry, and a job whose images are all deleted", () => {
    const original = generation({ status: "failed", outputs: [], error: { code: "provider_error", message: "x", retryable: true } });
    const retry = generation({ retryOf: original.id });
    const emptied = generation();
    const shown = visibleItems([item(retry), item(original), item(emptied)], new Set([emptied.outputs[0]!.id]));
    expect(shown.map((entry) => (entry.kind === "generation" ? entry.generation.id : ""))).toEqual([retry.id]);
  });
});

describe("the gallery's lines", () => {
  it("fills lines left to right at one height, each tile as wide as its shape", () => {
    const lines = packLines(
      [
        { key: "a", aspects: [1] },
        { key: "b", aspects: [16 / 9, 16 / 9] },
        { key: "c", aspects: [0.75] },
      ],
      { width: 900, rowHeight: 200, gap: 10 },
    );
    // a (200) and b (356 + 10 + 356) do not fit 900 together; b and c (150) do.
    expect(lines.map((line) => line.blocks.map((block) => block.key))).toEqual([["a"], ["b", "c"]]);
    // The last line keeps the row height; a full one grows toward the width, by 1.35× at most.
    expect(lines[1]!.blocks[0]!.widths).toEqual([356, 356]);
    expect(lines[1]!.blocks[0]!.width).toBe(722);
    expect(lines[1]!.blocks[1]!.width).toBe(150);
    expect(lines.map((line) => line.tileHeight)).toEqual([270, 200]);
    expect(lines[0]!.blocks[0]!.width).toBe(270);
  });

  it("stretches a full line to meet the right edge exactly when that takes little", () => {
    const lines = packLines(
      [
        { key: "a", aspects: [1] },
        { key: "b", aspects: [1] },
        { key: "c", aspects: [1] },
      ],
      { width: 430, rowHeight: 200, gap: 10 },
    );
    expect(lines.map((line) => line.blocks.map((block) => block.key))).toEqual([["a", "b"], ["c"]]);
    const [full] = lines;
    const right = full!.blocks.reduce((sum, block) => sum + block.width, 0) + 10 * (full!.blocks.length - 1);
    expect(right).toBeGreaterThanOrEqual(428);
    expect(right).toBeLessThanOrEqual(430);
    expect(full!.tileHeight).toBe(210);
  });

  it("scales a block wider than the screen down to fit on its own line, and keeps a failure's minimum width", () => {
    const lines = packLines(
      [
        { key: "wide", aspects: [16 / 9, 16 / 9, 16 / 9, 16 / 9] },
        { key: "failed", aspects: [1], minWidth: 240 },
      ],
      { width: 360, rowHeight: 170, gap: 12 },
    );
    expect(lines[0]!.blocks.map((block) => block.key)).toEqual(["wide"]);
    expect(lines[0]!.tileHeight).toBeLessThan(170);
    expect(lines[0]!.blocks[0]!.width).toBeLessThanOrEqual(360);
    expect(lines[1]!.blocks[0]!.width).toBe(240);
  });
});

describe("when a job is taking longer than usual", () => {
  const run = (ms: number, at: number, size: GenerationView["parameters"]["image_size"] = "square_hd") =>
    item(generation({ startedAt: at, finishedAt: at + ms, parameters: { image_size: size } }));

  it("waits 30 s while fewer than 20 runs of that model and size succeeded", () => {
    const items = Array.from({ length: 19 }, (_, index) => run(2_000, index * 10_000));
    expect(slowThresholds(items)(generation({ status: "running" }))).toBe(FIRST_RUNS_SLOW_MS);
  });

  it("then waits twice the median of the last 20 such runs, not counting other sizes or older runs", () => {
    const old = Array.from({ length: 10 }, (_, index) => run(90_000, index));
    const recent = Array.from({ length: 20 }, (_, index) => run(index < 10 ? 3_000 : 5_000, 1_000_000 + index * 10_000));
    const otherSize = Array.from({ length: 20 }, (_, index) => run(50_000, 2_000_000 + index, "landscape_16_9"));
    const threshold = slowThresholds([...old, ...recent, ...otherSize]);
    expect(threshold(generation({ status: "running" }))).toBe(2 * 4_000);
    expect(threshold(generation({ status: "running", parameters: { image_size: "landscape_16_9" } }))).toBe(100_000);
    expect(threshold(generation({ status: "running", model: EDIT_MODEL }))).toBe(FIRST_RUNS_SLOW_MS);
    expect(median([5, 1, 3])).toBe(3);
  });
});

describe("a failure's sentence", () => {
  const timeout = { code: "provider_timeout" as const, message: SEEDREAM_ERRORS.provider_timeout.sentence, retryable: true };

  it("suggests no smaller images for a prompt alone, and only the changes the request could make", () => {
    const alone = errorSentence({ error: timeout, parameters: { image_size: "square_hd", num_images: 1 }, inputImageIds: [] });
    expect(alone).toBe("The image service took too long to answer; try again in a moment.");
    expect(alone).not.toMatch(/fewer|smaller/);
    expect(errorSentence({ error: timeout, parameters: { num_images: 4 }, inputImageIds: [] })).toBe(
      "The image service took too long to answer; try again, perhaps with fewer images.",
    );
    expect(errorSentence({ error: timeout, parameters: { image_size: { width: 4096, height: 4096 } }, inputImageIds: ["a", "b"] })).toBe(
      "The image service took too long to answer; try again, perhaps with fewer input images or a smaller size.",
    );
  });

  it("leaves every other failure's sentence as the server wrote it", () => {
    const error = { code: "rate_limited" as const, message: "Wait a little.", retryable: true };
    expect(errorSentence({ error, parameters: {}, inputImageIds: [] })).toBe("Wait a little.");
  });
});

import { availableParallelism, cpus, totalmem } from "node:os";
import { concurrency32 } from "./concurrency-32";
import { edits4x10 } from "./edits-4x10";
import { endToEndRatio } from "./end-to-end-ratio";
import { formatTable, type Figure, type Row } from "./figure";
import { firstLoadJs } from "./first-load-js";
import { gallery1000 } from "./gallery-1000";
import { gallerySearch10k } from "./gallery-search-10k";
import { lineage30 } from "./lineage-30";
import { scaleOut } from "./scale-out";
import { storeOverhead, storeOverheadShared } from "./store-overhead";
import { thumbnail } from "./thumbnail";
import { tray24mp } from "./tray-24mp";

/**
 * `npm run bench`: every figure beside its budget, in one table. Timing on a shared machine is
 * noisy, so figures are printed, not asserted: the exit code is non-zero only when a figure
 * could not be measured at all.
 */
const FIGURES: readonly Figure[] = [storeOverhead, storeOverheadShared, endToEndRatio, tray24mp, firstLoadJs, gallery1000, gallerySearch10k, concurrency32, edits4x10, thumbnail, lineage30, scaleOut];

async function main(): Promise<number> {
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  console.log(
    `node ${process.version} · ${process.platform}/${process.arch} · ${availableParallelism()} CPUs (${cpu}) · ` +
      `${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
  );

  const rows: Row[] = [];
  const notes: string[] = [];
  let failed = false;
  // `npm run bench -- L1 P4` measures only those figures.
  const only = process.argv.slice(2);
  for (const figure of only.length > 0 ? FIGURES.filter((candidate) => only.includes(candidate.id)) : FIGURES) {
    const row = { "#": figure.id, figure: figure.title, budget: figure.budget };
    try {
      const measurement = await figure.measure();
      rows.push({ ...row, measured: measurement.measured, verdict: measurement.withinBudget ? "✓" : "✗" });
      notes.push(...measurement.notes.map((note) => `${figure.id}: ${note}`));
    } catch (error) {
      failed = true;
      rows.push({ ...row, measured: "not measured", verdict: "error" });
      notes.push(`${figure.id}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }

  console.log(`\n${formatTable(rows)}\n`);
  for (const note of notes) console.log(note);
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);

/**
 * One row of `npm run bench`. Each figure starts what it needs and stops it again, so figures
 * run one after another in one process without sharing state (issue 7 adds P1–P6 as more of these).
 */
export interface Figure {
  /** Row id in the table: S1 for the store, P1… for the performance suite. */
  id: string;
  /** What is measured, in a few words; the notes say exactly where each clock starts and stops. */
  title: string;
  /** As printed, e.g. "≤ 60 ms median". */
  budget: string;
  measure(): Promise<Measurement>;
}

export interface Measurement {
  measured: string;
  withinBudget: boolean;
  /** Printed under the table: the set-up, what is counted on which side, figures for context. */
  notes: string[];
}

const COLUMNS = ["#", "figure", "measured", "budget", "verdict"] as const;

export type Row = Record<(typeof COLUMNS)[number], string>;

/** A markdown table with its columns padded, so it reads in a terminal and pastes into an issue. */
export function formatTable(rows: readonly Row[]): string {
  const widths = COLUMNS.map((column) => Math.max(column.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`;
  return [
    line(COLUMNS),
    line(widths.map((width) => "-".repeat(width))),
    ...rows.map((row) => line(COLUMNS.map((column) => row[column]))),
  ].join("\n");
}

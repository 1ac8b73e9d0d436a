import { describe, expect, it } from "vitest";
import { layoutLineage, LINEAGE_CELL, type LineageLayout } from "@/lib/shared/lineage/layout";
import { indexLineage } from "@/lib/shared/lineage/navigation";
import { LineageBuilder } from "./support/lineage-fixtures";

const groupOf = (layout: LineageLayout, key: string) => {
  const group = layout.groups.find((candidate) => candidate.key === key);
  if (!group) throw new Error(`no group ${key}`);
  return group;
};

/** Two groups overlap when their boxes in the same row share any horizontal span. */
function overlaps(layout: LineageLayout): string[] {
  const found: string[] = [];
  for (const a of layout.groups) {
    for (const b of layout.groups) {
      if (a.key < b.key && a.row === b.row && a.x < b.x + b.width && b.x < a.x + a.width) found.push(`${a.key}/${b.key}`);
    }
  }
  return found;
}

describe("the lineage layout", () => {
  it("draws generate → refine ×3 → a branch at step 2 as five steps in four rows", () => {
    const family = new LineageBuilder();
    const [first] = family.generation("gen", "a lighthouse");
    const [second] = family.generation("refine-1", "make it night", [first!]);
    const [third] = family.generation("refine-2", "add fog", [second!]);
    family.generation("refine-3", "add a ship", [third!]);
    family.generation("branch", "make it day", [second!]);
    const layout = layoutLineage(family.view("refine-3.1"));

    expect(layout.groups.map((group) => [group.key, group.row])).toEqual(
      expect.arrayContaining([["gen", 0], ["refine-1", 1], ["refine-2", 2], ["refine-3", 3], ["branch", 2]]),
    );
    expect(layout.groups).toHaveLength(5);
    expect(overlaps(layout)).toEqual([]);
    // The branch and the main line both hang from step 2's output.
    const fromSecond = layout.edges.filter((edge) => edge.from === second);
    expect(fromSecond.map((edge) => edge.generationId).sort()).toEqual(["branch", "refine-2"]);
    for (const edge of layout.edges) expect(edge.end.y).toBeGreaterThan(edge.start.y);
  });

  it("keeps a 30-step chain in one straight column, one row per step", () => {
    const family = new LineageBuilder();
    family.upload("photo");
    const chain = family.chain("photo", 30);
    const layout = layoutLineage(family.view(chain.at(-1)!));

    expect(layout.groups).toHaveLength(31);
    expect(new Set(layout.groups.map((group) => group.row)).size).toBe(31);
    expect(new Set(layout.groups.map((group) => group.x)).size).toBe(1);
    expect(layout.edges).toHaveLength(30);
    expect(layout.height).toBeGreaterThan(30 * LINEAGE_CELL);
  });

  it("spreads a 4 × 4 fan-out without overlaps and keeps each job's outputs side by side", () => {
    const family = new LineageBuilder();
    const firsts = family.generation("root", "four cats", [], 4);
    firsts.forEach((output, index) => family.generation(`fan-${index}`, `variant ${index}`, [output], 4));
    const layout = layoutLineage(family.view("root.1"));

    expect(layout.groups).toHaveLength(5);
    expect(layout.groups.flatMap((group) => group.images)).toHaveLength(20);
    expect(overlaps(layout)).toEqual([]);
    for (const group of layout.groups) {
      const xs = group.images.map((cell) => cell.x);
      expect(xs).toEqual([...xs].sort((a, b) => a - b));
      expect(new Set(group.images.map((cell) => cell.y)).size).toBe(1);
    }
    // Children keep their parents' left-to-right order.
    const fanX = [0, 1, 2, 3].map((index) => groupOf(layout, `fan-${index}`).x);
    expect(fanX).toEqual([...fanX].sort((a, b) => a - b));
  });

  it("puts an edit with two inputs below the lower one, with an edge from each in input order", () => {
    const family = new LineageBuilder();
    family.upload("cat");
    const [night] = family.generation("night", "night", ["cat"]);
    const [mix] = family.generation("mix", "put image 2 into image 1", [night!, "cat"]);
    const layout = layoutLineage(family.view(mix!));

    expect(groupOf(layout, "mix").row).toBe(2);
    expect(layout.edges.filter((edge) => edge.generationId === "mix").map((edge) => [edge.from, edge.inputIndex])).toEqual([
      [night, 0],
      ["cat", 1],
    ]);
  });
});

describe("the lineage index", () => {
  const family = new LineageBuilder();
  family.upload("cat");
  const [night] = family.generation("night", "a cat at night", ["cat"], 2);
  const [mix] = family.generation("mix", "a cat at night in the rain", [night!, "cat"]);
  const [later] = family.generation("later", "a cat at dawn", [night!]);
  const lineage = indexLineage(family.view(mix!));

  it("knows parents in input order, children oldest first, and siblings", () => {
    expect(lineage.parents(mix!).map((image) => image.id)).toEqual([night, "cat"]);
    expect(lineage.children(night!).map((image) => image.id)).toEqual([mix, later]);
    expect(lineage.siblings(night!).map((image) => image.id)).toEqual(["night.2"]);
    expect(lineage.parents("cat")).toEqual([]);
    expect(lineage.children(mix!)).toEqual([]);
  });

  it("finds the prompt of the step before, and none when the primary input is an upload", () => {
    expect(lineage.parentPrompt(mix!)).toBe("a cat at night");
    expect(lineage.parentPrompt(night!)).toBeNull();
    expect(lineage.madeBy(mix!)?.id).toBe("mix");
  });
});

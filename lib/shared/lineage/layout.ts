import type { GenerationView, ImageView } from "@/lib/shared/gallery/view";
import type { LineageView } from "./types";

/**
 * Where each part of a lineage goes on screen: a layered drawing, oldest at the top. A step (one
 * generation with its outputs side by side, so siblings stay together) sits one row below the
 * lowest of its inputs; an upload or a text-to-image job starts the top row. Within a row, steps sit
 * under the middle of their inputs as far as room allows, so a chain reads as a straight line and a
 * fan-out spreads beneath its parent.
 */

export const LINEAGE_CELL = 96;
const CELL_GAP = 8;
const GROUP_PADDING = 8;
/** Room above a step's thumbnails for its prompt: the label of the edges that arrive there. */
export const LINEAGE_LABEL_HEIGHT = 36;
const GROUP_GAP = 24;
const ROW_GAP = 40;

interface PlacedImage {
  image: ImageView;
  /** Top-left of its cell, in the drawing's coordinates. */
  x: number;
  y: number;
}

export interface PlacedGroup {
  key: string;
  /** Null for an upload: it has no step of its own. */
  generation: GenerationView | null;
  row: number;
  x: number;
  y: number;
  width: number;
  height: number;
  images: PlacedImage[];
}

export interface PlacedEdge {
  key: string;
  from: string;
  generationId: string;
  inputIndex: number;
  /** From the bottom middle of the input's cell to the top of the step's group. */
  start: { x: number; y: number };
  end: { x: number; y: number };
}

export interface LineageLayout {
  width: number;
  height: number;
  groups: PlacedGroup[];
  edges: PlacedEdge[];
}

interface Group {
  key: string;
  generation: GenerationView | null;
  images: ImageView[];
  createdAt: number;
  /** Keys of the groups holding this step's inputs. */
  inputGroups: string[];
}

const ROW_HEIGHT = LINEAGE_LABEL_HEIGHT + LINEAGE_CELL + 2 * GROUP_PADDING + ROW_GAP;

export function layoutLineage(view: LineageView): LineageLayout {
  const groups = groupsOf(view);
  const rows = rowsOf(groups);
  const placed = new Map<string, PlacedGroup>();
  const cellCenter = new Map<string, number>();
  const groupOfImage = new Map<string, PlacedGroup>();

  const byRow: Group[][] = [];
  for (const group of groups.values()) (byRow[rows.get(group.key)!] ??= []).push(group);

  let width = 0;
  byRow.forEach((row = [], rowIndex) => {
    const wanted = (group: Group) => {
      const centers = group.inputGroups.flatMap((key) => placed.get(key)?.images.map((cell) => cell.x + LINEAGE_CELL / 2) ?? []);
      return centers.length ? centers.reduce((sum, x) => sum + x, 0) / centers.length : Number.POSITIVE_INFINITY;
    };
    const ordered = row
      .map((group) => ({ group, center: wanted(group) }))
      .sort((a, b) => a.center - b.center || a.group.createdAt - b.group.createdAt || (a.group.key < b.group.key ? -1 : 1));
    let cursor = 0;
    for (const { group, center } of ordered) {
      const groupWidth = group.images.length * LINEAGE_CELL + (group.images.length - 1) * CELL_GAP + 2 * GROUP_PADDING;
      const x = Number.isFinite(center) ? Math.max(cursor, Math.round(center - groupWidth / 2)) : cursor;
      const y = rowIndex * ROW_HEIGHT;
      const cellTop = y + LINEAGE_LABEL_HEIGHT + GROUP_PADDING;
      const images = group.images.map((image, index) => ({ image, x: x + GROUP_PADDING + index * (LINEAGE_CELL + CELL_GAP), y: cellTop }));
      placed.set(group.key, { key: group.key, generation: group.generation, row: rowIndex, x, y, width: groupWidth, height: ROW_HEIGHT - ROW_GAP, images });
      for (const cell of images) {
        cellCenter.set(cell.image.id, cell.x + LINEAGE_CELL / 2);
        groupOfImage.set(cell.image.id, placed.get(group.key)!);
      }
      cursor = x + groupWidth + GROUP_GAP;
      width = Math.max(width, x + groupWidth);
    }
  });

  const edges = view.edges.flatMap((edge): PlacedEdge[] => {
    const target = placed.get(edge.generationId);
    const source = groupOfImage.get(edge.from);
    const startX = cellCenter.get(edge.from);
    if (!target || !source || startX === undefined) return [];
    return [
      {
        key: `${edge.from}>${edge.generationId}#${edge.inputIndex}`,
        from: edge.from,
        generationId: edge.generationId,
        inputIndex: edge.inputIndex,
        start: { x: startX, y: source.y + source.height },
        end: { x: target.x + target.width / 2, y: target.y },
      },
    ];
  });

  return { width, height: byRow.length * ROW_HEIGHT - ROW_GAP, groups: [...placed.values()], edges };
}

/** One group per generation (its outputs in order) and one per upload. */
function groupsOf(view: LineageView): Map<string, Group> {
  const groups = new Map<string, Group>();
  const groupOfImage = new Map<string, string>();
  for (const generation of view.generations) {
    if (generation.outputs.length === 0) continue;
    groups.set(generation.id, { key: generation.id, generation, images: generation.outputs, createdAt: generation.createdAt, inputGroups: [] });
    for (const output of generation.outputs) groupOfImage.set(output.id, generation.id);
  }
  for (const image of view.images) {
    if (groupOfImage.has(image.id)) continue;
    groups.set(image.id, { key: image.id, generation: null, images: [image], createdAt: image.createdAt, inputGroups: [] });
    groupOfImage.set(image.id, image.id);
  }
  for (const edge of view.edges) {
    const target = groups.get(edge.generationId);
    const source = groupOfImage.get(edge.from);
    if (target && source && source !== target.key && !target.inputGroups.includes(source)) target.inputGroups.push(source);
  }
  return groups;
}

/** Row = one below the lowest input; iterative, so a 400-step chain cannot overflow the stack. */
function rowsOf(groups: Map<string, Group>): Map<string, number> {
  const rows = new Map<string, number>();
  const ordered = [...groups.values()].sort((a, b) => a.createdAt - b.createdAt);
  // Inputs are always older than the job that used them, so one pass in time order settles most;
  // a few more passes cover equal timestamps. A cycle (impossible in a sound store) just stops.
  for (let pass = 0; pass < groups.size + 1; pass += 1) {
    let changed = false;
    for (const group of ordered) {
      const row = Math.max(-1, ...group.inputGroups.map((key) => rows.get(key) ?? 0)) + 1;
      if (rows.get(group.key) !== row) {
        rows.set(group.key, Math.min(row, groups.size));
        changed = true;
      }
    }
    if (!changed) break;
  }
  return rows;
}

/**
 * The gallery's layout: each job (or upload) is a block of its images at one row height, widths
 * following their shapes; blocks fill lines left to right. Every line's height is known before it is
 * drawn, so the list can be virtualized without measuring.
 */
export interface BlockShape {
  key: string;
  /** Width ÷ height of each tile in the block. */
  aspects: readonly number[];
  /** A block with words in it (a failure) is never narrower than this. */
  minWidth?: number;
}

export interface PackedBlock {
  key: string;
  /** Tile widths in px, in order. */
  widths: number[];
  width: number;
}

export interface PackedLine {
  key: string;
  blocks: PackedBlock[];
  /** The tiles' height in this line: the row height, or less for a block wider than the screen. */
  tileHeight: number;
}

export interface PackOptions {
  width: number;
  rowHeight: number;
  /** Between tiles of one block and between blocks. */
  gap: number;
}

/** A full line is scaled up to span the width, by at most this much; the last line keeps its size. */
const MAX_STRETCH = 1.35;

export function packLines(blocks: readonly BlockShape[], { width, rowHeight, gap }: PackOptions): PackedLine[] {
  const lines: PackedLine[] = [];
  let current: PackedBlock[] = [];
  let used = 0;
  const flush = (tileHeight = rowHeight) => {
    if (current.length > 0) lines.push({ key: current[0]!.key, blocks: current, tileHeight });
    current = [];
    used = 0;
  };
  // A line that is full (the next block did not fit) grows until its right edge meets the width.
  const flushFull = () => {
    const gaps = current.reduce((sum, block) => sum + gap * (block.widths.length - 1), 0) + gap * (current.length - 1);
    const stretch = Math.min(MAX_STRETCH, (width - gaps) / Math.max(1, used - gaps));
    if (stretch > 1) {
      current = current.map((block) => stretched(block, stretch, gap));
      flush(Math.floor(rowHeight * stretch));
    } else flush();
  };
  for (const block of blocks) {
    const packed = sized(block, rowHeight, gap);
    if (packed.width > width) {
      // Too wide even alone (four landscape images on a phone): it gets a line, scaled to fit.
      flush();
      const scale = (width - gap * (block.aspects.length - 1)) / (packed.width - gap * (block.aspects.length - 1));
      const height = Math.max(48, Math.floor(rowHeight * scale));
      current = [sized(block, height, gap, width)];
      flush(height);
      continue;
    }
    if (used > 0 && used + gap + packed.width > width) flushFull();
    used += (used > 0 ? gap : 0) + packed.width;
    current.push(packed);
  }
  flush();
  return lines;
}

function stretched(block: PackedBlock, stretch: number, gap: number): PackedBlock {
  const widths = block.widths.map((tile) => Math.floor(tile * stretch));
  const tiles = widths.reduce((sum, tile) => sum + tile, 0) + gap * Math.max(0, widths.length - 1);
  return { key: block.key, widths, width: Math.max(tiles, Math.floor(block.width * stretch)) };
}

function sized(block: BlockShape, height: number, gap: number, maxWidth = Infinity): PackedBlock {
  const widths = block.aspects.map((aspect) => Math.max(32, Math.round(aspect * height)));
  const tiles = widths.reduce((sum, width) => sum + width, 0) + gap * Math.max(0, widths.length - 1);
  const width = Math.min(maxWidth, Math.max(tiles, block.minWidth ?? 0));
  return { key: block.key, widths, width };
}

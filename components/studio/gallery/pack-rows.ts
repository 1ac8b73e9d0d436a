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

export function packLines(blocks: readonly BlockShape[], { width, rowHeight, gap }: PackOptions): PackedLine[] {
  const lines: PackedLine[] = [];
  let current: PackedBlock[] = [];
  let used = 0;
  const flush = (tileHeight = rowHeight) => {
    if (current.length > 0) lines.push({ key: current[0]!.key, blocks: current, tileHeight });
    current = [];
    used = 0;
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
    if (used > 0 && used + gap + packed.width > width) flush();
    used += (used > 0 ? gap : 0) + packed.width;
    current.push(packed);
  }
  flush();
  return lines;
}

function sized(block: BlockShape, height: number, gap: number, maxWidth = Infinity): PackedBlock {
  const widths = block.aspects.map((aspect) => Math.max(32, Math.round(aspect * height)));
  const tiles = widths.reduce((sum, width) => sum + width, 0) + gap * Math.max(0, widths.length - 1);
  const width = Math.min(maxWidth, Math.max(tiles, block.minWidth ?? 0));
  return { key: block.key, widths, width };
}

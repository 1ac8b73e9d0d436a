import "server-only";
import { availableParallelism } from "node:os";
import sharp from "sharp";

/**
 * Full decodes of large pictures, one per core at a time. A 4096² picture is 64 MB of raw RGBA
 * while libvips works on it; four edits finishing together (each checked, then thumbnailed) would
 * otherwise decode at once and hold several of those, where waiting a few milliseconds holds one
 * per core. Header reads need no slot.
 */
const SLOTS = Math.max(1, availableParallelism());

// Decoded pictures are never reused between requests here: libvips' cache would only hold memory.
sharp.cache(false);

let inUse = 0;
const waiting: Array<() => void> = [];

export async function inDecodeSlot<T>(work: () => Promise<T>): Promise<T> {
  if (inUse >= SLOTS) await new Promise<void>((resolve) => waiting.push(resolve));
  else inUse += 1;
  try {
    return await work();
  } finally {
    // The slot passes straight to the next in line, so a new arrival cannot take it first.
    const next = waiting.shift();
    if (next) next();
    else inUse -= 1;
  }
}

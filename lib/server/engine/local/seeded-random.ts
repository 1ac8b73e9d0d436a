import "server-only";
import { createHash } from "node:crypto";

/** A reproducible stream of numbers: the same parts always give the same sequence. */
export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number;
  /** A float in [min, max). */
  between(min: number, max: number): number;
  /** An integer in [min, max], both included. */
  integer(min: number, max: number): number;
  pick<T>(choices: readonly T[]): T;
}

/**
 * Seeds sfc32 with all 128 bits of a SHA-256 of the parts, so that prompts differing by one
 * character, or seeds differing by one, start from unrelated states. Math.random cannot be seeded,
 * and the offline engine promises byte-identical images for the same prompt, seed and size.
 */
export function createSeededRandom(...parts: ReadonlyArray<string | number>): SeededRandom {
  const digest = createHash("sha256").update(parts.map(String).join("\u0000")).digest();
  let a = digest.readUInt32LE(0);
  let b = digest.readUInt32LE(4);
  let c = digest.readUInt32LE(8);
  let d = digest.readUInt32LE(12);

  // sfc32 (Chris Doty-Humphrey's Small Fast Counter): passes PractRand, needs only 32-bit integer maths.
  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // The first outputs still echo the seed words; stepping past them is the usual sfc32 practice.
  for (let i = 0; i < 12; i++) nextUint32();

  const next = (): number => nextUint32() / 4294967296;
  return {
    next,
    between: (min, max) => min + next() * (max - min),
    integer: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (choices) => {
      if (choices.length === 0) throw new RangeError("pick() needs at least one choice.");
      return choices[Math.floor(next() * choices.length)] as (typeof choices)[number];
    },
  };
}

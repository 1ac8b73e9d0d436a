import { SEED_MAX } from "./limits";

/** A seed the provider accepts (1…2147483647); `random` returns [0, 1) like Math.random. */
export function randomSeed(random: () => number = Math.random): number {
  return 1 + Math.floor(random() * SEED_MAX);
}

/** Image i of a run takes seed + i, wrapping past the ceiling so every seed stays valid. */
export function seedAt(baseSeed: number, index: number): number {
  return ((baseSeed - 1 + index) % SEED_MAX) + 1;
}

import sharp from "sharp";
import type { KeepRegion } from "@/lib/shared/marks/region";

/** Decoded RGBA pixels, as any viewer would see them. */
export async function decodeRgba(bytes: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/**
 * Whether a pixel's centre lies farther than `margin` from every shape of the region: worked out
 * from the shapes' geometry alone, never from the mask the composite drew.
 */
export function isFarOutside(region: KeepRegion, x: number, y: number, margin: number): boolean {
  const cx = x + 0.5;
  const cy = y + 0.5;
  for (const box of region.boxes) {
    if (cx > box.x - margin && cx < box.x + box.width + margin && cy > box.y - margin && cy < box.y + box.height + margin) return false;
  }
  for (const { radius, points } of region.strokes) {
    for (let index = 0; index < points.length; index += 1) {
      const [ax, ay] = points[index]!;
      const [bx, by] = points[Math.min(index + 1, points.length - 1)]!;
      if (distanceToSegment(cx, cy, ax, ay, bx, by) <= radius + margin) return false;
    }
  }
  return true;
}

function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length = dx * dx + dy * dy;
  const t = length === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Pixels far outside the region (by `margin`) whose decoded RGBA differ, and how many were compared. */
export async function differencesOutside(original: Buffer, result: Buffer, region: KeepRegion, margin: number) {
  const a = await decodeRgba(original);
  const b = await decodeRgba(result);
  if (a.width !== b.width || a.height !== b.height) throw new Error(`Sizes differ: ${a.width}×${a.height} and ${b.width}×${b.height}.`);
  let compared = 0;
  let differing = 0;
  let changedInside = 0;
  let inside = 0;
  for (let y = 0; y < a.height; y += 1) {
    for (let x = 0; x < a.width; x += 1) {
      const at = (y * a.width + x) * 4;
      const same = a.data.readUInt32BE(at) === b.data.readUInt32BE(at);
      if (isFarOutside(region, x, y, margin)) {
        compared += 1;
        if (!same) differing += 1;
      } else if (!isFarOutside(region, x, y, -margin)) {
        // Well inside a shape (at least `margin` in from its edge): the result should show there.
        inside += 1;
        if (!same) changedInside += 1;
      }
    }
  }
  return { compared, differing, inside, changedInside };
}

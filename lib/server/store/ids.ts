import "server-only";
import { randomBytes } from "node:crypto";

/**
 * Record ids are UUIDv7 (RFC 9562): a millisecond timestamp, a 12-bit counter, then random bits.
 * The counter makes ids strictly increasing within this process, so the gallery's order
 * (created_at desc, id desc) puts an item made in the same millisecond as the last one seen
 * before it, never behind a page cursor. The timestamp doubles as the record's created_at.
 */
let previousMs = -1;
let counter = 0;

const COUNTER_LIMIT = 0x1000;

export function newRecordId(): { id: string; createdAt: number } {
  let ms = Math.max(Date.now(), previousMs);
  if (ms === previousMs) {
    counter += 1;
    if (counter >= COUNTER_LIMIT) {
      // 4096 ids in one millisecond: borrow the next millisecond rather than repeat an id.
      ms += 1;
      counter = 0;
    }
  } else {
    // Start low in a fresh millisecond so a burst has room to count up.
    counter = randomBytes(1)[0] ?? 0;
  }
  previousMs = ms;

  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString("hex");
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { id, createdAt: ms };
}

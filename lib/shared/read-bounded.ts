const FIRST_CAPACITY = 64 * 1024;
const SLACK_KEPT = 64 * 1024;

/**
 * Reads a body whole, or stops (and cancels it) as soon as it passes `maxBytes`: null then. For
 * bodies whose declared length cannot be trusted or was not sent.
 *
 * The bytes are copied into one buffer as they arrive, sized from `expectedBytes` (a declared
 * length) when there is one: each chunk can go as soon as it is copied, instead of every chunk
 * staying alive until a final copy holds the body a second time. A declared length is only a hint
 * (a compressed body decodes to more): the buffer grows past it, never past `maxBytes`.
 */
export async function readBounded(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
  expectedBytes?: number,
): Promise<Uint8Array | null> {
  let whole = new Uint8Array(firstCapacity(maxBytes, expectedBytes));
  let total = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (total + value.byteLength > maxBytes) {
      await reader.cancel();
      return null;
    }
    if (total + value.byteLength > whole.byteLength) {
      const grown = new Uint8Array(Math.min(maxBytes, Math.max(whole.byteLength * 2, total + value.byteLength)));
      grown.set(whole.subarray(0, total));
      whole = grown;
    }
    whole.set(value, total);
    total += value.byteLength;
  }
  // Growing by doubling can leave much of the buffer unused; a body kept for long is kept at its size.
  return whole.byteLength - total > SLACK_KEPT ? whole.slice(0, total) : whole.subarray(0, total);
}

function firstCapacity(maxBytes: number, expectedBytes: number | undefined): number {
  const hint = expectedBytes !== undefined && Number.isSafeInteger(expectedBytes) && expectedBytes >= 0 ? expectedBytes : FIRST_CAPACITY;
  return Math.max(0, Math.min(maxBytes, hint));
}

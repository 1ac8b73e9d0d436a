import "server-only";

/**
 * A web stream that takes one step of `chunks` each time its reader asks, and nothing ahead of it
 * (highWaterMark 0): a slow reader holds back the reads behind it, and a reader who stops closes
 * whatever the generators hold open (files, input streams) through their own cleanup.
 */
export function pulledStream(chunks: AsyncGenerator<Uint8Array, void, undefined>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

import { prepareBytes } from "./prepare-image-steps";
import type { PrepareReply, PrepareRequest } from "./prepare-image-messages";

/**
 * The page's picture preparation, off its main thread: decoding a phone photo, drawing it smaller
 * and encoding it would otherwise hold up scrolling, typing and React for a few hundred ms.
 */
const reply = (message: PrepareReply) => postMessage(message);

addEventListener("message", (event: MessageEvent<PrepareRequest>) => {
  const { id, file, header } = event.data;
  prepareBytes(file, header, (preview) => reply({ id, kind: "preview", preview })).then(
    (prepared) => reply({ id, kind: "done", prepared }),
    (error: unknown) => reply({ id, kind: "failed", reason: error instanceof Error ? error.message : String(error) }),
  );
});

import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { rewriteForwardedHeaders } from "./forwarded-headers";
import type { TrustPolicy } from "./trusted-proxies";

/**
 * The sign-in form carries a passcode (≤ 1 kB) and a return path, and anyone may post it without a
 * session: its body is held to a few kB, judged by its declared length before a byte is read.
 */
export const SIGN_IN_BODY_MAX_BYTES = 8 * 1024;
const SIGN_IN_PATH = "/sign-in";

export interface ListenerOptions {
  trust: TrustPolicy;
  /** Next's request handler, or a stand-in in tests. */
  handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>;
}

export function studioRequestListener({ trust, handle }: ListenerOptions): RequestListener {
  return (request, response) => {
    rewriteForwardedHeaders(request, trust);
    const refusal = bodyRefusal(request);
    if (refusal) {
      refuse(request, response, refusal.status, refusal.message);
      return;
    }
    handle(request, response).catch((error: unknown) => {
      console.error("A request failed before Next could answer it.", error);
      if (!response.headersSent) refuse(request, response, 500, "Something went wrong on the server.");
      else response.destroy();
    });
  };
}

function bodyRefusal(request: IncomingMessage): { status: number; message: string } | null {
  if (request.method !== "POST" || pathOf(request.url) !== SIGN_IN_PATH) return null;
  const declared = request.headers["content-length"];
  if (declared === undefined) return { status: 411, message: "Sign-in needs a request with a declared length." };
  if (!/^\d{1,15}$/.test(declared) || Number(declared) > SIGN_IN_BODY_MAX_BYTES) {
    return { status: 413, message: "That sign-in request is too large." };
  }
  return null;
}

function pathOf(url: string | undefined): string {
  const path = (url ?? "/").split("?")[0] ?? "/";
  return path.length > 1 ? path.replace(/\/+$/, "") : path;
}

/** Answers at once and closes: the unread body is not worth draining. */
function refuse(request: IncomingMessage, response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(message),
    "X-Content-Type-Options": "nosniff",
    Connection: "close",
  });
  response.end(message);
  request.resume();
}

import type { IncomingMessage } from "node:http";
import { resolveClient, type TrustPolicy } from "./trusted-proxies";

/** Headers only a trusted proxy may set; from anyone else they are dropped before Next reads them. */
const PROXY_ONLY_HEADERS = ["x-forwarded-host", "x-forwarded-port", "x-real-ip", "forwarded"];

/**
 * Rewrites the request's forwarding headers into the facts the studio acts on: `X-Forwarded-For`
 * becomes the one client address (quotas and the passcode throttle key on it) and
 * `X-Forwarded-Proto` the scheme the client used (Secure cookies and HSTS follow it). Next reads
 * both, and never sees the socket itself.
 */
export function rewriteForwardedHeaders(request: IncomingMessage, policy: TrustPolicy): void {
  const forwardedFor = headerList(request.headers["x-forwarded-for"]);
  const { clientAddress, peerTrusted } = resolveClient(policy, request.socket.remoteAddress ?? "", forwardedFor);
  const socketProto = "encrypted" in request.socket && request.socket.encrypted ? "https" : "http";
  const claimedProto = headerList(request.headers["x-forwarded-proto"]).at(-1)?.toLowerCase();
  const proto = peerTrusted && (claimedProto === "https" || claimedProto === "http") ? claimedProto : socketProto;

  request.headers["x-forwarded-for"] = clientAddress;
  request.headers["x-forwarded-proto"] = proto;
  if (!peerTrusted) for (const name of PROXY_ONLY_HEADERS) delete request.headers[name];
}

function headerList(value: string | string[] | undefined): string[] {
  const joined = Array.isArray(value) ? value.join(",") : (value ?? "");
  return joined
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}

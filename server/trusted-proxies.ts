import ipaddr from "ipaddr.js";

/**
 * Which peers may tell the studio who the client is (`STUDIO_TRUSTED_PROXIES`): nobody (the
 * default: the socket's address is the client), the nearest N hops, or the peers inside a list of
 * address ranges. A client can write anything into `X-Forwarded-For`; only what a trusted proxy
 * appended is believed.
 */
export type TrustPolicy =
  | { kind: "none" }
  | { kind: "hops"; hops: number }
  | { kind: "ranges"; ranges: ReadonlyArray<[ipaddr.IPv4 | ipaddr.IPv6, number]> };

export const MAX_TRUSTED_HOPS = 16;

export class TrustedProxiesError extends Error {
  constructor(detail: string) {
    super(`STUDIO_TRUSTED_PROXIES ${detail}`);
    this.name = "TrustedProxiesError";
  }
}

/** Unset, empty, `0` or `none`: trust nobody. A whole number: that many hops. Else a comma list of addresses or CIDR ranges. */
export function parseTrustedProxies(raw: string | undefined): TrustPolicy {
  const value = raw?.trim().toLowerCase() ?? "";
  if (value === "" || value === "none" || /^0+$/.test(value)) return { kind: "none" };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > MAX_TRUSTED_HOPS) throw new TrustedProxiesError(`must be at most ${MAX_TRUSTED_HOPS} hops`);
    return { kind: "hops", hops };
  }
  const ranges = value.split(",").map((entry) => parseRange(entry.trim()));
  return { kind: "ranges", ranges };
}

function parseRange(entry: string): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  try {
    if (entry.includes("/")) return ipaddr.parseCIDR(entry);
    const address = ipaddr.parse(entry);
    return [address, address.kind() === "ipv4" ? 32 : 128];
  } catch {
    throw new TrustedProxiesError(
      `has "${entry}", which is not an address or a CIDR range; use a hop count (1) or a list such as 10.0.0.0/8,::1`,
    );
  }
}

/** An address as one spelling: IPv4-mapped IPv6 becomes IPv4, zones and brackets go. Null when it is not one. */
export function parseAddress(raw: string | undefined): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (!raw) return null;
  const value = raw.trim().replace(/^\[([^\]]+)\](?::\d+)?$/, "$1").replace(/^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/, "$1");
  if (!ipaddr.isValid(value)) return null;
  try {
    return ipaddr.process(value);
  } catch {
    return null;
  }
}

function isTrusted(policy: TrustPolicy, address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  if (policy.kind !== "ranges") return false;
  return policy.ranges.some(([range, bits]) => address.kind() === range.kind() && address.match(range, bits));
}

export interface ForwardedFacts {
  /** The client's address as the last trusted hop saw it. */
  clientAddress: string;
  /** Whether the peer on the socket is a trusted proxy, so its other forwarded headers count too. */
  peerTrusted: boolean;
}

/**
 * Walks from the socket towards the client, past each trusted hop, and stops at the first address
 * no trusted proxy vouches for. `forwardedFor` is the header's entries in order (client first).
 */
export function resolveClient(policy: TrustPolicy, socketAddress: string, forwardedFor: readonly string[]): ForwardedFacts {
  const socket = parseAddress(socketAddress);
  if (!socket) return { clientAddress: socketAddress, peerTrusted: false };
  const chain = [...forwardedFor, socketAddress];
  let index = chain.length - 1;
  let current = socket;
  let hopsLeft = policy.kind === "hops" ? policy.hops : 0;
  const peerTrusted = policy.kind === "hops" ? policy.hops > 0 : isTrusted(policy, socket);
  while (index > 0) {
    const trusted = policy.kind === "hops" ? hopsLeft > 0 : isTrusted(policy, current);
    if (!trusted) break;
    // A proxy that vouches for garbage is ignored from there on: the last good address stands.
    const previous = parseAddress(chain[index - 1]);
    if (!previous) break;
    current = previous;
    index -= 1;
    hopsLeft -= 1;
  }
  return { clientAddress: current.toString(), peerTrusted };
}

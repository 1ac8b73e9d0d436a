import "server-only";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { UNKNOWN_CLIENT_IP } from "@/lib/server/quotas/index";

/**
 * The client's address: the last `x-forwarded-for` entry, else `x-real-ip`. Under `npm start` the
 * server in front of Next (server/forwarded-headers.ts) has already replaced both with the one
 * address STUDIO_TRUSTED_PROXIES vouches for, so nothing here is what the client merely claimed.
 * Anything that is not an IP address reads as unknown.
 */
export function clientIpFrom(headers: { get(name: string): string | null }): string {
  const candidates = [headers.get("x-forwarded-for")?.split(",").at(-1), headers.get("x-real-ip")];
  for (const candidate of candidates) {
    const address = candidate === undefined || candidate === null ? null : bareAddress(candidate.trim());
    if (address) return address;
  }
  return UNKNOWN_CLIENT_IP;
}

/** Drops a port ("1.2.3.4:5678", "[::1]:443") and the IPv4-mapped prefix, so one client is one key. */
function bareAddress(value: string): string | null {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(value);
  const address = (bracketed?.[1] ?? withPort?.[1] ?? value).toLowerCase();
  if (isIP(address) === 0) return null;
  return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/**
 * The key quotas and the passcode throttle count under: an IPv4 address as is, an IPv6 address as
 * its /64, since one subscriber usually holds a whole /64 and could otherwise step through it.
 */
export function clientNetwork(address: string): string {
  if (isIP(address) !== 6) return address;
  const parts = ipaddr.IPv6.parse(address).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString()}/64`;
}

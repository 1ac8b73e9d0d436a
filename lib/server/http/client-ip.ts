import "server-only";
import { isIP } from "node:net";
import { UNKNOWN_CLIENT_IP } from "@/lib/server/quotas/index";

/**
 * The client's address as the nearest proxy saw it: the last `x-forwarded-for` entry (earlier ones
 * are whatever the client claimed), else `x-real-ip`. The passcode throttle reads the same hop.
 * Without a reverse proxy in front a client can still send its own header, so this limits people
 * who clear cookies, not a determined attacker. Anything that is not an IP address reads as unknown.
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

import "server-only";
import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";
import { SeedreamError } from "@/lib/server/seedream/seedream-error";

/**
 * Which output links the server may fetch. In production: https only, and only hosts whose every
 * address is public, so a provider answer (or a forged one) cannot point the server at its own
 * network; loopback (and plain http) only when the provider itself is configured on loopback, as a
 * local fake is. Outside production, anything http(s), as before.
 */
export interface OutputLinkPolicy {
  httpsOnly: boolean;
  publicOnly: boolean;
  allowLoopback: boolean;
}

export const ANY_OUTPUT_LINK: OutputLinkPolicy = { httpsOnly: false, publicOnly: false, allowLoopback: true };

export function outputLinkPolicy(baseUrl: string, production: boolean): OutputLinkPolicy {
  if (!production) return ANY_OUTPUT_LINK;
  const loopbackBase = isLoopbackHost(new URL(baseUrl).hostname);
  return { httpsOnly: !loopbackBase, publicOnly: true, allowLoopback: loopbackBase };
}

/** Throws bad_response for a link the policy does not allow; resolves the host's names to check them. */
export async function checkOutputLink(url: URL, policy: OutputLinkPolicy): Promise<void> {
  if (policy.httpsOnly && url.protocol !== "https:") {
    throw new SeedreamError("bad_response", { detail: "Output links must be https here." });
  }
  if (!policy.publicOnly) return;
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const addresses = ipaddr.isValid(host) ? [host] : await resolveAll(host);
  for (const address of addresses) {
    const parsed = ipaddr.process(address);
    const range = parsed.range();
    if (range === "unicast") continue;
    if (range === "loopback" && policy.allowLoopback) continue;
    throw new SeedreamError("bad_response", { detail: `The output link points at a ${range} address, which the studio does not fetch.` });
  }
}

async function resolveAll(host: string): Promise<string[]> {
  try {
    return (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
  } catch (error) {
    throw new SeedreamError("network", { cause: error, detail: `The output link's host ${host} could not be found.` });
  }
}

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, "$1");
  if (host === "localhost") return true;
  return ipaddr.isValid(host) && ipaddr.process(host).range() === "loopback";
}

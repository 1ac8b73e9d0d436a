import { createServer } from "node:http";
import { studioRequestListener } from "./listener";
import { stopOnSignal, studioShutdown } from "./shutdown";
import { parseStartOptions } from "./start-options";
import { parseTrustedProxies } from "./trusted-proxies";

/**
 * `npm start`: the production build behind a small Node server that decides who the client is
 * (STUDIO_TRUSTED_PROXIES, see trusted-proxies.ts) before Next sees the request, since route
 * handlers and server actions never see the socket. NEXT_DIST_DIR picks another build, as with
 * `next start`.
 */
/** Answers under way get this long after SIGTERM; within the process's own bound (server/shutdown.ts). */
const REQUESTS_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const options = parseStartOptions(process.argv.slice(2), { PORT: process.env.PORT });
  (process.env as Record<string, string>).NODE_ENV ??= "production";
  process.env.NEXT_TELEMETRY_DISABLED ??= "1";

  // Loaded after NODE_ENV is settled: Next reads it as it loads.
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: process.cwd(), hostname: options.hostname ?? "localhost", port: options.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  // Read once Next has loaded .env files (.env.local and the like), as every other setting is.
  const trust = parseTrustedProxies(process.env.STUDIO_TRUSTED_PROXIES);

  const server = createServer(studioRequestListener({ trust, handle: (request, response) => handle(request, response) }));
  server.listen(options.port, options.hostname, () => {
    const address = server.address();
    const where = typeof address === "object" && address ? `${address.address}:${address.port}` : String(address);
    console.log(`Seedream Studio listening on http://${where} (trusted proxies: ${describeTrust(trust)})`);
  });

  stopOnSignal(
    () =>
      new Promise<void>((resolve, reject) => {
        // Stop accepting, let answers in flight finish, and close idle keep-alive sockets now. On a
        // shared database, running jobs finish or are handed back to the other processes meanwhile.
        const jobsStopped = studioShutdown();
        server.close(() => void jobsStopped.then(() => app.close()).then(resolve, reject));
        server.closeIdleConnections();
        // Event streams never end by themselves: cut them, which lets close() above finish once the jobs are handed back.
        setTimeout(() => server.closeAllConnections(), REQUESTS_GRACE_MS).unref();
      }),
  );
}

function describeTrust(trust: ReturnType<typeof parseTrustedProxies>): string {
  if (trust.kind === "none") return "none, the socket's address is the client";
  if (trust.kind === "hops") return `${trust.hops} hop(s)`;
  return trust.ranges.map(([address, bits]) => `${address.toString()}/${bits}`).join(", ");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

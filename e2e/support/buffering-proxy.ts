import { createServer, request as forward, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A reverse proxy that buffers every response whole before passing it on, as some corporate
 * proxies and misconfigured load balancers do. A normal answer arrives late; an event stream,
 * which never ends, never arrives at all.
 */
export async function startBufferingProxy(target: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const upstream = new URL(target);
  const server: Server = createServer((incoming, outgoing) => {
    const relay = forward(
      { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () => {
          const { "transfer-encoding": _chunked, ...headers } = answer.headers;
          const body = Buffer.concat(chunks);
          outgoing.writeHead(answer.statusCode ?? 502, { ...headers, "content-length": String(body.length) });
          outgoing.end(body);
        });
      },
    );
    relay.on("error", () => outgoing.destroy());
    incoming.pipe(relay);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

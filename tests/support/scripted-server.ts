import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real HTTP server on loopback that answers a scripted list of replies, one per request, and
 * records what it was sent. A request past the end of the script gets a 599, so a test that did
 * not expect it fails loudly.
 */

export interface ScriptedReply {
  /** Default 200. */
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as it is; anything else as JSON. */
  body?: unknown;
  /** Never answer; the connection stays open until the client gives up or the server closes. */
  hang?: boolean;
  /** Drop the connection without answering, like a crashed upstream. */
  destroy?: boolean;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The body as JSON, or undefined when it is not JSON. */
  json: unknown;
  /** performance.now() when the body had arrived. */
  at: number;
}

export interface ScriptedServer {
  /** http://127.0.0.1:<port> */
  url: string;
  received: ReceivedRequest[];
  /** Resolves once the nth request (1-based) has fully arrived. */
  nthRequest(n: number): Promise<ReceivedRequest>;
  close(): Promise<void>;
}

export async function startScriptedServer(script: ScriptedReply[]): Promise<ScriptedServer> {
  const received: ReceivedRequest[] = [];
  const waiters: Array<{ n: number; resolve: (request: ReceivedRequest) => void }> = [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      const request: ReceivedRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        rawBody,
        json: parseJson(rawBody),
        at: performance.now(),
      };
      received.push(request);
      for (const waiter of waiters.filter((w) => w.n === received.length)) waiter.resolve(request);
      reply(res, script[received.length - 1]);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    nthRequest(n) {
      const already = received[n - 1];
      if (already) return Promise.resolve(already);
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function reply(res: ServerResponse, scripted: ScriptedReply | undefined): void {
  if (!scripted) {
    res.writeHead(599, { "Content-Type": "text/plain" }).end("unscripted request");
    return;
  }
  if (scripted.hang) return;
  if (scripted.destroy) {
    res.socket?.destroy();
    return;
  }
  const isText = typeof scripted.body === "string";
  const payload = scripted.body === undefined ? "" : isText ? String(scripted.body) : JSON.stringify(scripted.body);
  res.writeHead(scripted.status ?? 200, {
    "Content-Type": isText ? "text/plain; charset=utf-8" : "application/json",
    ...scripted.headers,
  });
  res.end(payload);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A loopback URL where nothing listens: the port was just freed, so connecting is refused. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

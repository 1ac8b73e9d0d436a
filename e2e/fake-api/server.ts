import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createLocalEngine } from "@/lib/server/engine/local";
import { legacyEnvelope, MESSAGES, sendBytes, sendJson } from "./envelopes";
import { RetryBudget } from "./faults";
import { drawnAhead, type DrawnAhead } from "./drawn-ahead";
import { FileStore } from "./file-store";
import { answerGeneration, refuseOversizedBody, type GenerationContext } from "./generations";
import { RequestLog, type RecordedRequest } from "./request-log";

export type { InputImageSummary, RecordedRequest } from "./request-log";

export interface FakeAimlApiOptions {
  /** 0 picks any free port. */
  port?: number;
  host?: string;
  apiKey?: string;
  /** Added before every answer on the generations endpoint (not on /files). */
  latencyMs?: number;
  /** How long an output URL serves its image before it 404s like an expired signed link. */
  urlTtlMs?: number;
}

export interface FakeAimlApi {
  /** http://HOST:PORT */
  origin: string;
  /** origin + "/v1": what the app's AIMLAPI base URL points at. */
  baseUrl: string;
  requests(): RecordedRequest[];
  clearRequests(): void;
  close(): Promise<void>;
}

const GENERATION_PATHS = new Set(["/v1/images/generations", "/images/generations"]);
/** Ten 10 MB inputs as base64 stay well under this; anything bigger is a client bug. */
const MAX_BODY_BYTES = 100 * 1024 * 1024;
const DEFAULT_URL_TTL_MS = 5 * 60 * 1000;

export async function startFakeAimlApi(options: FakeAimlApiOptions = {}): Promise<FakeAimlApi> {
  const host = options.host ?? "127.0.0.1";
  const shutdown = new AbortController();
  const log = new RequestLog();
  const files = new FileStore(options.urlTtlMs ?? DEFAULT_URL_TTL_MS);
  const ahead = drawnAhead(createLocalEngine());
  const ctx: GenerationContext = {
    origin: "",
    apiKey: options.apiKey ?? "test-key",
    latencyMs: options.latencyMs ?? 0,
    engine: ahead.engine,
    files,
    log,
    retries: new RetryBudget(),
    shutdown: shutdown.signal,
  };

  const server = createServer((req, res) => {
    route(ctx, ahead, req, res).catch((error: unknown) => {
      console.error("fake AI/ML API: unhandled error", error);
      if (!res.headersSent) sendJson(res, 500, legacyEnvelope(500, MESSAGES.internal, req.url ?? "", randomUUID()));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });

  const { port } = server.address() as AddressInfo;
  ctx.origin = `http://${originHost(host)}:${port}`;

  let closing: Promise<void> | null = null;
  return {
    origin: ctx.origin,
    baseUrl: `${ctx.origin}/v1`,
    requests: () => log.snapshot(),
    clearRequests: () => log.clear(),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        shutdown.abort();
        server.close(() => resolve());
        // Hanging calls and keep-alive sockets would otherwise hold close() open forever.
        server.closeAllConnections();
        files.clear();
      });
      return closing;
    },
  };
}

async function route(ctx: GenerationContext, ahead: DrawnAhead, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? "/", "http://fake.invalid").pathname;
  const method = req.method ?? "GET";

  if (method === "POST" && GENERATION_PATHS.has(path)) {
    const body = await readBoundedBody(req);
    if (body === "client-gone") return;
    if (body === "too-large") return refuseOversizedBody(ctx, req, res, MAX_BODY_BYTES);
    return answerGeneration(ctx, req, res, body);
  }
  if ((method === "GET" || method === "HEAD") && path.startsWith("/files/")) {
    const file = ctx.files.get(path.slice("/files/".length));
    if (file) return sendBytes(res, 200, file.bytes, file.mime, { "cache-control": "private, max-age=60" });
    return notFound(res, path, "This file does not exist or its link has expired.");
  }
  if (path === "/__fake/draw-ahead" && method === "POST") return drawAhead(ahead, req, res);
  if (path === "/__fake/draw-ahead" && method === "GET") return sendJson(res, 200, ahead.counts());
  if (path === "/__fake/requests" && method === "GET") return sendJson(res, 200, ctx.log.snapshot());
  if (path === "/__fake/requests" && method === "DELETE") {
    ctx.log.clear();
    res.writeHead(204).end();
    return;
  }
  req.resume();
  notFound(res, path, `Cannot ${method} ${path}`);
}

/** The bodies of calls about to come, as a JSON array: answered once all are drawn. */
async function drawAhead(ahead: DrawnAhead, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBoundedBody(req);
  if (typeof body === "string") return;
  try {
    const bodies: unknown = JSON.parse(body.toString("utf8"));
    if (!Array.isArray(bodies)) throw new Error("Send a JSON array of call bodies.");
    await ahead.draw(bodies);
    sendJson(res, 200, ahead.counts());
  } catch (error) {
    sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) });
  }
}

function notFound(res: ServerResponse, path: string, message: string): void {
  const requestId = randomUUID();
  sendJson(res, 404, legacyEnvelope(404, message, path, requestId), { "x-request-id": requestId });
}

/**
 * Resolves with the whole body, with "too-large" as soon as it passes the limit (nothing more is
 * kept), or with "client-gone" when the upload stops halfway.
 */
function readBoundedBody(req: IncomingMessage): Promise<Buffer | "too-large" | "client-gone"> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > MAX_BODY_BYTES) return Promise.resolve("too-large");
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_BODY_BYTES) {
        req.off("data", onData);
        chunks.length = 0;
        resolve("too-large");
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("close", () => resolve("client-gone"));
    req.once("error", () => resolve("client-gone"));
  });
}

function originHost(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

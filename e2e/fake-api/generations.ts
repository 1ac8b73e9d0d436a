import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { ImageProvider } from "@/lib/server/engine/types";
import { isSeedreamError } from "@/lib/server/seedream/seedream-error";
import type { ProviderRequest } from "@/lib/shared/seedream/request";
import { validateBody, type BodyVerdict } from "./body-validation";
import {
  legacyEnvelope,
  MESSAGES,
  sendBytes,
  sendJson,
  unauthorizedEnvelope,
  type HeaderValues,
} from "./envelopes";
import { parseFaults, requestToDraw, type FaultOutcome, type PromptFaults, type RetryBudget } from "./faults";
import type { FileStore } from "./file-store";
import { isRecord } from "./openapi-validator";
import { summarizeBody, type RequestLog } from "./request-log";
import { renderSuccess, usageHeaders } from "./success-response";

export interface GenerationContext {
  origin: string;
  apiKey: string;
  latencyMs: number;
  engine: ImageProvider;
  files: FileStore;
  log: RequestLog;
  retries: RetryBudget;
  /** Aborted by close(), so no sleeping or rendering call outlives the server. */
  shutdown: AbortSignal;
}

/** A response not yet sent; an `Answer` of `null` means the fake never answers (`[fault:hang]`). */
interface Reply {
  status: number;
  /** Sent as JSON, unless `text` is set: then `text` goes out as it is, under `contentType`. */
  body?: unknown;
  text?: string;
  headers?: HeaderValues;
  contentType?: string;
}
type Answer = Reply | null;

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const PROBLEM_JSON = "application/problem+json; charset=utf-8";
const CALL_COUNTED_429S = 2;

export async function answerGeneration(
  ctx: GenerationContext,
  req: IncomingMessage,
  res: ServerResponse,
  rawBody: Buffer,
): Promise<void> {
  const path = new URL(req.url ?? "/", "http://fake.invalid").pathname;
  const requestId = randomUUID();
  const clientRequestId = validClientRequestId(req.headers["x-client-request-id"]);
  const authProblem = checkAuthorization(req.headers.authorization, ctx.apiKey);
  const parsed = parseJsonBody(req, rawBody);
  const verdict: BodyVerdict = parsed.ok
    ? validateBody(parsed.body)
    : { ok: false, detail: parsed.detail, openapi: { valid: false, errors: [parsed.detail], extraFields: [] } };
  // Tags only count in a valid request: an invalid one is refused before any fault could apply.
  const faults = parseFaults(verdict.ok ? verdict.request.prompt : "");
  const entry = ctx.log.add({
    at: new Date().toISOString(),
    path,
    clientRequestId,
    authorized: authProblem === null,
    status: 0,
    ...(parsed.ok && isRecord(parsed.body) ? summarizeBody(parsed.body) : {}),
    openapiValid: verdict.openapi.valid,
    openapiErrors: verdict.openapi.errors,
    extraFields: verdict.openapi.extraFields,
  });

  const clientGone = new AbortController();
  res.once("close", () => {
    clientGone.abort();
    if (entry.status === 0) entry.clientGoneAt = new Date().toISOString();
  });
  const signal = AbortSignal.any([ctx.shutdown, clientGone.signal]);
  const tools: CallTools = {
    ctx,
    path,
    requestId,
    signal,
    callKey: clientRequestId ?? `prompt:${verdict.ok ? verdict.request.prompt : ""}`,
    promptKey: verdict.ok ? verdict.request.prompt : "",
    legacy: (status, message, statusAsString = false) => ({
      status,
      body: legacyEnvelope(status, message, path, requestId, statusAsString),
    }),
  };

  try {
    if (authProblem === null && verdict.ok && drawsWhileWaiting(faults)) tools.drawing = draw(verdict.request, faults, tools);
    await sleep(ctx.latencyMs + faults.extraLatencyMs, undefined, { signal });
    let answer: Answer;
    if (authProblem !== null) answer = unauthorized(authProblem, path, requestId);
    else if (!verdict.ok) answer = tools.legacy(400, MESSAGES.validationPrefix + verdict.detail);
    else answer = await answerValidCall(verdict.request, faults, tools);
    if (answer === null) return;
    const headers: HeaderValues = {
      "x-request-id": requestId,
      "x-inference-id": randomUUID(),
      ...(clientRequestId ? { "x-client-request-id": clientRequestId } : {}),
      ...answer.headers,
    };
    if (answer.text !== undefined) {
      sendBytes(res, answer.status, Buffer.from(answer.text), answer.contentType ?? "text/plain", headers);
    } else {
      sendJson(res, answer.status, answer.body, headers, answer.contentType);
    }
    entry.status = answer.status;
  } catch (error) {
    if (signal.aborted) return;
    throw error;
  }
}

interface CallTools {
  ctx: GenerationContext;
  path: string;
  requestId: string;
  signal: AbortSignal;
  /** Which call a `[fault:429x2]` counts against: the X-Client-Request-Id, else the prompt. */
  callKey: string;
  /** What `[fault:500once]` counts against: the prompt, the same for every call of one generation. */
  promptKey: string;
  legacy: (status: number, message: string, statusAsString?: boolean) => Reply;
  /** The images, drawn from the moment the call arrived (see drawsWhileWaiting). */
  drawing?: Promise<Answer>;
}

/** Outcomes that always end in images; the ones that count earlier calls decide only after the wait. */
const DRAWN_OUTCOMES: readonly (FaultOutcome | null)[] = [null, "empty", "nsfw", "expired"];

/**
 * A provider draws while its caller waits: its latency is the whole time to an answer, and the
 * drawing happens on its own machines. So the fake starts drawing when the call arrives, and answers
 * at the latency or when the drawing is done, whichever is later. Drawn after the wait instead, 32
 * calls answered together would render on the cores the studio is measured on, at the moment it
 * stores their results.
 */
function drawsWhileWaiting(faults: PromptFaults): boolean {
  return faults.unknownTags.length === 0 && DRAWN_OUTCOMES.includes(faults.outcome);
}

function draw(request: ProviderRequest, faults: PromptFaults, tools: CallTools): Promise<Answer> {
  const drawing = succeed(requestToDraw(request, faults), faults.outcome, tools);
  // Awaited only once the wait is over; a call dropped before then must not leave a rejection unheard.
  drawing.catch(() => undefined);
  return drawing;
}

async function answerValidCall(request: ProviderRequest, faults: PromptFaults, tools: CallTools): Promise<Answer> {
  if (faults.unknownTags.length > 0) {
    const tags = faults.unknownTags.join(", ");
    return tools.legacy(400, `${MESSAGES.validationPrefix}prompt: the fake AI/ML API has no fault ${tags}`);
  }
  const fault = faultAnswer(faults.outcome, tools);
  if (fault !== undefined) return fault;
  if (tools.drawing) return tools.drawing;
  return succeed(requestToDraw(request, faults), faults.outcome, tools);
}

/** Returns the fault's answer, or undefined when the call goes on to render images. */
function faultAnswer(outcome: FaultOutcome | null, tools: CallTools): Answer | undefined {
  const { legacy } = tools;
  switch (outcome) {
    case "401":
      return unauthorized(MESSAGES.missingKey, tools.path, tools.requestId);
    case "403":
      return legacy(403, MESSAGES.outOfCredits);
    // The live API sends no Retry-After on 429 (§8); its docs' 429 example has statusCode as a string.
    case "429":
      return legacy(429, MESSAGES.tooManyRequests, true);
    case "429x2": {
      if (!tools.ctx.retries.shouldFail(tools.callKey, CALL_COUNTED_429S)) return undefined;
      return { ...legacy(429, MESSAGES.tooManyRequests, true), headers: { "retry-after": "1" } };
    }
    case "500":
      return legacy(500, MESSAGES.internal);
    case "500once":
      return tools.ctx.retries.firstTime(tools.promptKey) ? legacy(500, MESSAGES.internal) : undefined;
    case "503":
      return legacy(503, MESSAGES.unavailable);
    case "504":
      return legacy(504, MESSAGES.timeout);
    case "safety":
      return legacy(400, MESSAGES.outputSensitive);
    case "hang":
      return null;
    case "garbage":
      return { status: 200, text: "<html>upstream proxy error</html>", contentType: "text/html; charset=utf-8" };
    default:
      return undefined;
  }
}

async function succeed(request: ProviderRequest, outcome: FaultOutcome | null, tools: CallTools): Promise<Answer> {
  const { ctx, signal } = tools;
  try {
    const body = await renderSuccess(request, {
      engine: ctx.engine,
      files: ctx.files,
      origin: ctx.origin,
      signal,
      empty: outcome === "empty",
      flagNsfw: outcome === "nsfw",
      expired: outcome === "expired",
    });
    return { status: 200, body, headers: usageHeaders(body) };
  } catch (error) {
    if (signal.aborted) throw error;
    // An input the engine cannot read is the caller's mistake; anything else is the fake's own bug.
    if (isSeedreamError(error) && error.code === "invalid_request") {
      return tools.legacy(400, MESSAGES.validationPrefix + (error.detail ?? error.message));
    }
    console.error("fake AI/ML API: the offline engine failed", error);
    return tools.legacy(500, MESSAGES.internal);
  }
}

function unauthorized(message: string, path: string, requestId: string): Answer {
  return { status: 401, body: unauthorizedEnvelope(message, path, requestId), contentType: PROBLEM_JSON };
}

/**
 * A body over the limit is refused before it is read; the rest of the upload is not worth
 * receiving, so the connection is dropped once the answer is out.
 */
export function refuseOversizedBody(
  ctx: GenerationContext,
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
): void {
  const path = new URL(req.url ?? "/", "http://fake.invalid").pathname;
  const requestId = randomUUID();
  const clientRequestId = validClientRequestId(req.headers["x-client-request-id"]);
  ctx.log.add({
    at: new Date().toISOString(),
    path,
    clientRequestId,
    authorized: checkAuthorization(req.headers.authorization, ctx.apiKey) === null,
    status: 413,
    openapiValid: false,
    openapiErrors: [`(body): larger than ${limit} bytes`],
    extraFields: [],
  });
  res.once("finish", () => req.destroy());
  sendJson(res, 413, legacyEnvelope(413, MESSAGES.payloadTooLarge, path, requestId), {
    "x-request-id": requestId,
    "x-inference-id": randomUUID(),
    ...(clientRequestId ? { "x-client-request-id": clientRequestId } : {}),
    connection: "close",
  });
}

/** Returns the 401 message to send, or null when the key is right. */
function checkAuthorization(header: string | undefined, apiKey: string): string | null {
  if (header === undefined) return MESSAGES.missingKey;
  const bearer = /^Bearer(?:\s+(.*))?$/i.exec(header.trim());
  if (!bearer) return MESSAGES.missingKey;
  const token = (bearer[1] ?? "").trim();
  if (token === "") return MESSAGES.emptyKey;
  return token === apiKey ? null : MESSAGES.missingKey;
}

/** An invalid X-Client-Request-Id is silently dropped, as the real API does (§1). */
function validClientRequestId(header: string | string[] | undefined): string | null {
  return typeof header === "string" && CLIENT_REQUEST_ID.test(header) ? header : null;
}

type ParsedBody = { ok: true; body: unknown } | { ok: false; detail: string };

function parseJsonBody(req: IncomingMessage, rawBody: Buffer): ParsedBody {
  const contentType = req.headers["content-type"] ?? "";
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    return { ok: false, detail: `Content-Type must be application/json, received "${contentType}"` };
  }
  try {
    return { ok: true, body: JSON.parse(rawBody.toString("utf8")) };
  } catch (error) {
    return { ok: false, detail: `Invalid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

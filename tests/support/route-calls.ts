import type { ActionResult } from "@/lib/shared/errors";

/**
 * A route handler called as Next calls it: a real `Request` in, a real `Response` out, with the
 * path's parameters as the promise Next hands over. Only the cookie jar of the request scope is
 * stood in for by the test that uses this (next/headers needs Next's request context).
 */
export const ORIGIN = "http://studio.test";

export interface RouteAnswer<T> {
  status: number;
  headers: Headers;
  result: ActionResult<T>;
}

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export async function callRoute<T>(handler: unknown, path: string, init: RequestInit & { params?: Record<string, string> } = {}): Promise<RouteAnswer<T>> {
  const { params = {}, ...requestInit } = init;
  const response = await (handler as Handler)(new Request(`${ORIGIN}${path}`, requestInit), { params: Promise.resolve(params) });
  return { status: response.status, headers: response.headers, result: (await response.json()) as ActionResult<T> };
}

/** The HTTP status each kind of answer must carry. */
export function statusFor(result: ActionResult<unknown>): number {
  if (result.ok) return 200;
  return { invalid_input: 400, upload_rejected: 400, not_found: 404, quota_exceeded: 429 }[result.error.code as string] ?? 500;
}

/** `{ a: 1, b: [2] }` as a query string, values as text, the way a hand-written URL would carry them. */
export function queryOf(value: unknown): string {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "";
  const search = new URLSearchParams();
  for (const [key, entry] of Object.entries(value)) {
    if (entry === undefined) continue;
    search.append(key, typeof entry === "string" ? entry : safeText(entry));
  }
  return search.toString();
}

export function safeText(value: unknown): string {
  try {
    return typeof value === "bigint" ? value.toString() : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
}

/**
 * A file name as a browser or undici puts it in a multipart header: line breaks and quotes
 * percent-encoded (the HTML form-data rules), lone surrogates replaced. The server can only ever see this.
 */
export function nameOnTheWire(name: string): string {
  return name.toWellFormed().replace(/\n/g, "%0A").replace(/\r/g, "%0D").replace(/"/g, "%22");
}

import { EventStreamReader } from "./event-stream-reader";

/**
 * One simulated visitor speaking the studio's HTTP surface as a browser would: its own cookie jar,
 * the page request that hands it a visitor cookie, server actions posted as React's flight protocol
 * expects, its event stream, and image downloads. It never polls: it learns that a job finished
 * only from the stream.
 */
export interface ActionIds {
  startGeneration: string;
}

export type ActionOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: { code: string; message: string; retryable: boolean } };

export class Visitor {
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly origin: string,
    private readonly actions: ActionIds,
    /** Each visitor its own address, as a reverse proxy in front of the studio would report it. */
    private readonly forwardedFor: string,
  ) {}

  /** GET /: the proxy answers with the visitor's `studio_visitor` cookie. */
  async arrive(): Promise<void> {
    const response = await this.fetch("/", { headers: { accept: "text/html" } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`GET / answered ${response.status}.`);
    if (!this.cookies.has("studio_visitor")) throw new Error("GET / set no studio_visitor cookie.");
  }

  startGeneration<T>(input: unknown): Promise<ActionOutcome<T>> {
    return this.callAction(this.actions.startGeneration, [input]);
  }

  /**
   * Opens the visitor's event stream, with its cookie and address, as the page does after load; on
   * another instance of the same deployment when `origin` is given (no sticky sessions).
   */
  listen(origin = this.origin): Promise<EventStreamReader> {
    const headers = new Headers({ accept: "text/event-stream", "x-forwarded-for": this.forwardedFor });
    headers.set("cookie", [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    return EventStreamReader.open(origin, headers);
  }

  /** The bytes of an image as this visitor may download them; null on any answer but 200. */
  async downloadImage(url: string): Promise<Buffer | null> {
    const response = await this.fetch(url);
    const bytes = Buffer.from(await response.arrayBuffer());
    return response.status === 200 ? bytes : null;
  }

  private async callAction<T>(actionId: string, args: unknown[]): Promise<ActionOutcome<T>> {
    const response = await this.fetch("/", {
      method: "POST",
      headers: {
        "next-action": actionId,
        "content-type": "text/plain;charset=UTF-8",
        accept: "text/x-component",
        origin: this.origin,
      },
      body: JSON.stringify(args),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`Action answered ${response.status}: ${text.slice(0, 300)}`);
    return actionResult<T>(text);
  }

  private async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("x-forwarded-for", this.forwardedFor);
    if (this.cookies.size > 0) {
      headers.set("cookie", [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    }
    const response = await fetch(new URL(path, this.origin), {
      ...init,
      headers,
      redirect: "manual",
      signal: AbortSignal.timeout(60_000),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const separator = pair!.indexOf("=");
      if (separator > 0) this.cookies.set(pair!.slice(0, separator).trim(), pair!.slice(separator + 1).trim());
    }
    return response;
  }
}

/**
 * An action's answer is a flight stream of `id:json` rows; row 0 points at the row holding the
 * returned value (`"a": "$@1"`). The studio's results are plain JSON, so nothing else needs decoding.
 */
function actionResult<T>(flight: string): ActionOutcome<T> {
  const rows = new Map<string, unknown>();
  for (const line of flight.split("\n")) {
    const separator = line.indexOf(":");
    if (separator <= 0) continue;
    try {
      rows.set(line.slice(0, separator), JSON.parse(line.slice(separator + 1)));
    } catch {
      // Rows that are not JSON (hints, module references) carry no result.
    }
  }
  const head = rows.get("0") as { a?: unknown } | undefined;
  const pointer = typeof head?.a === "string" && head.a.startsWith("$@") ? head.a.slice(2) : null;
  const result = pointer === null ? head?.a : rows.get(pointer);
  if (!isOutcome(result)) throw new Error(`Not an action result: ${flight.slice(0, 300)}`);
  return result as ActionOutcome<T>;
}

function isOutcome(value: unknown): value is ActionOutcome<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { ok?: unknown }).ok === "boolean";
}

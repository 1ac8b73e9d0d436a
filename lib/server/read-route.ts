import "server-only";
import type { z } from "zod";
import { attempt } from "@/lib/server/action";
import { jsonAnswer, type CachePolicy } from "@/lib/server/http/json-answer";
import { currentVisitorId } from "@/lib/server/session";
import { studio, type Studio } from "@/lib/server/studio";
import { fail, invalidInput, type StudioError } from "@/lib/shared/errors";

export interface ReadContext extends Studio {
  visitorId: string;
}

export interface ReadRoute<Schema extends z.ZodType, T> {
  /** What the query string (and the path's own parameters) must be; parsed before anything is read. */
  input: Schema;
  cache: CachePolicy;
  read: (input: z.output<Schema>, context: ReadContext) => Promise<T>;
}

/**
 * The one frame of every GET read, the twin of `defineAction` for mutations: the query string and
 * the path's parameters parsed with one schema, the visitor from the cookie (someone else's id
 * answers like a missing one, as in the actions), and the answer as `ActionResult` JSON with the
 * cache headers the route asks for.
 */
export function defineRead<Schema extends z.ZodType, T>(route: ReadRoute<Schema, T>) {
  return async (request: Request, context?: { params?: Promise<Record<string, string>> }): Promise<Response> => {
    const query = queryOf(new URL(request.url).searchParams);
    if ("error" in query) return jsonAnswer(request, fail(query.error), route.cache);
    const parsed = route.input.safeParse({ ...query.value, ...(await context?.params) });
    if (!parsed.success) return jsonAnswer(request, fail(invalidInput(parsed.error)), route.cache);
    const result = await attempt(async () => {
      const [parts, visitorId] = await Promise.all([studio(), currentVisitorId()]);
      return route.read(parsed.data, { ...parts, visitorId });
    });
    return jsonAnswer(request, result, route.cache);
  };
}

const REPEATED: StudioError = { code: "invalid_input", message: "Give each query field only once.", retryable: false };

/** A field given twice would leave which one counts to chance; it is refused instead. */
function queryOf(search: URLSearchParams): { value: Record<string, string> } | { error: StudioError } {
  // No prototype: a field named "__proto__" stays a field, and the schema refuses it as unknown.
  const value: Record<string, string> = Object.create(null);
  for (const [key, entry] of search) {
    if (Object.hasOwn(value, key)) return { error: REPEATED };
    value[key] = entry;
  }
  return { value };
}

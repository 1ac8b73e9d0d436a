import "server-only";
import { headers } from "next/headers";
import { safeParse, type core, type output } from "zod";
import { clientIpFrom, clientNetwork } from "@/lib/server/http/client-ip";
import type { RequestOrigin } from "@/lib/server/jobs";
import { currentVisitorId } from "@/lib/server/session";
import { studio, type Studio } from "@/lib/server/studio";
import { toStudioError } from "@/lib/server/errors";
import { StoreError } from "@/lib/server/store/errors";
import { fail, invalidInput, ok, type ActionResult } from "@/lib/shared/errors";

/** What every action's handler gets: the process's studio, the visitor's id, and where the request came from. */
interface ActionContext extends Studio {
  visitorId: string;
  origin: RequestOrigin;
}

/**
 * The one frame of every server action: parse the input with its schema, resolve the visitor, run
 * the handler, and turn any typed failure into the `ActionResult` the UI renders. Handlers throw
 * (StoreError not_found, QuotaError, SeedreamError…); they never build an error value themselves.
 */
export function defineAction<Schema extends core.$ZodType, T>(
  schema: Schema,
  handler: (input: output<Schema>, context: ActionContext) => Promise<T>,
): (input: unknown) => Promise<ActionResult<T>> {
  return async (input) => {
    // Classic zod or zod/mini: the shared contracts the browser also checks are written with the latter.
    const parsed = safeParse(schema, input);
    if (!parsed.success) return fail(invalidInput(parsed.error));
    return attempt(async () => {
      const [parts, visitorId, origin] = await Promise.all([studio(), currentVisitorId(), requestOrigin()]);
      return handler(parsed.data, { ...parts, visitorId, origin });
    });
  };
}

/** Runs one server-side step and turns its failure into the value an action or route returns. */
export async function attempt<T>(work: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return ok(await work());
  } catch (error) {
    return fail(toStudioError(error));
  }
}

/** A record that is missing, deleted or someone else's: one answer for all three. */
export function found<T>(value: T | null): T {
  if (value === null) throw notFound();
  return value;
}

export function notFound(): StoreError {
  return new StoreError("not_found", "No such record for this visitor.");
}

/** Quotas count per client address too (an IPv6 one by its /64), for visitors who clear their cookies. */
export async function requestOrigin(): Promise<RequestOrigin> {
  return { clientIp: clientNetwork(clientIpFrom(await headers())) };
}

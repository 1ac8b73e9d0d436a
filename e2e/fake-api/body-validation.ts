import { z } from "zod";
import { providerRequest, type ProviderRequest } from "@/lib/shared/seedream/request";
import { validateAgainstOpenApi, type OpenApiVerdict } from "./openapi-validator";

export type BodyVerdict =
  | { ok: true; request: ProviderRequest; openapi: OpenApiVerdict }
  | { ok: false; detail: string; openapi: OpenApiVerdict };

/**
 * The real API words validation failures the way zod does by default ("Too big: expected string to
 * have <=4000 characters"), not in the app's friendly sentences, so the details are re-rendered with
 * zod's English locale; `reportInput` keeps what "received …" needs.
 */
const englishMessages = z.locales.en().localeError;

export function validateBody(body: unknown): BodyVerdict {
  const openapi = validateAgainstOpenApi(body);
  const parsed = providerRequest.safeParse(body, { reportInput: true });
  if (!parsed.success) return { ok: false, detail: describeZodIssues(parsed.error.issues), openapi };
  if (!openapi.valid) return { ok: false, detail: openapi.errors.join("; "), openapi };
  if (openapi.extraFields.length > 0) {
    return { ok: false, detail: describeUnrecognizedKeys(openapi.extraFields), openapi };
  }
  return { ok: true, request: parsed.data, openapi };
}

function describeZodIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const message = zodDefaultMessage(issue);
      const field = issue.path.map(String).join(".");
      return field ? `${field}: ${message}` : message;
    })
    .join("; ");
}

function zodDefaultMessage(issue: z.core.$ZodIssue): string {
  // A finished issue carries every field the raw one had (input too, thanks to reportInput).
  const rendered = englishMessages(issue as z.core.$ZodRawIssue);
  if (typeof rendered === "string") return rendered;
  return rendered?.message ?? issue.message;
}

function describeUnrecognizedKeys(keys: readonly string[]): string {
  const quoted = keys.map((key) => JSON.stringify(key)).join(", ");
  return `Unrecognized key${keys.length > 1 ? "s" : ""}: ${quoted}`;
}

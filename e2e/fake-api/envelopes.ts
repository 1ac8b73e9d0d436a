import type { ServerResponse } from "node:http";

/**
 * The AI/ML API's two error envelopes (shared/seedream-api.md §8): the documented "legacy" one and
 * the problem+json one observed live for 401. Clients must parse both, so the fake sends both.
 */
export interface LegacyEnvelope {
  message: string;
  path: string;
  requestId: string;
  /** A number in the real 400 seen on /v1/images/generations, a string in the docs' 429 example. */
  statusCode: number | string;
  timestamp: string;
}

export interface ProblemEnvelope {
  title: string;
  status: number;
  message: string;
  instance: string;
  requestId: string;
  timestamp: string;
  error: { name: string; message: string };
}

export const MESSAGES = {
  missingKey:
    "This request requires a valid API key. You can create a new API key on the Billing page: https://aimlapi.com/app/keys",
  emptyKey:
    "You provided an empty string instead of valid API key. You can create a new API key on the Billing page: https://aimlapi.com/app/keys",
  outOfCredits:
    "You've run out of credits. Please top up your balance or update your payment method to continue: https://aimlapi.com/app/billing/",
  tooManyRequests: "Too Many Requests",
  internal: "Internal server error",
  unavailable: "Service unavailable",
  timeout: "Generation timeout",
  outputSensitive:
    "OutputImageSensitiveContentDetected: The request failed because the output image may contain sensitive information.",
  payloadTooLarge: "Payload Too Large",
  validationPrefix: "Body validation error! ",
} as const;

export function legacyEnvelope(
  status: number,
  message: string,
  path: string,
  requestId: string,
  statusAsString = false,
): LegacyEnvelope {
  return {
    message,
    path,
    requestId,
    statusCode: statusAsString ? String(status) : status,
    timestamp: new Date().toISOString(),
  };
}

export function unauthorizedEnvelope(message: string, path: string, requestId: string): ProblemEnvelope {
  return {
    title: "Unauthorized",
    status: 401,
    message,
    instance: path,
    requestId,
    timestamp: new Date().toISOString(),
    error: { name: "UnauthorizedException", message },
  };
}

export type HeaderValues = Record<string, string | number>;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: HeaderValues = {},
  contentType = "application/json; charset=utf-8",
): void {
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { ...headers, "content-type": contentType, "content-length": payload.length });
  res.end(payload);
}

export function sendBytes(
  res: ServerResponse,
  status: number,
  bytes: Buffer,
  contentType: string,
  headers: HeaderValues = {},
): void {
  res.writeHead(status, { ...headers, "content-type": contentType, "content-length": bytes.length });
  res.end(bytes);
}

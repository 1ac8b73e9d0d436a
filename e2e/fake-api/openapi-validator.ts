import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { fullFormats } from "ajv-formats/dist/formats";
import seedream45Spec from "@/lib/shared/seedream/openapi/seedream-4-5.json";
import seedream50LiteSpec from "@/lib/shared/seedream/openapi/seedream-5-0-lite-preview.json";
import editSpec from "@/lib/shared/seedream/openapi/seedream-v4-edit.json";
import textToImageSpec from "@/lib/shared/seedream/openapi/seedream-v4-text-to-image.json";

/**
 * Validation against the provider's own OpenAPI request schemas, beside the app's zod schema: if the
 * two drift apart, a request the app thinks is fine still fails here, as it would on the real API.
 */
export interface OpenApiVerdict {
  /** Ajv's verdict alone; the schemas do not forbid extra fields, so those are reported apart. */
  valid: boolean;
  /** Ajv's messages, prefixed with the field they concern ("prompt: must NOT have more than …"). */
  errors: string[];
  /** Top-level fields the schema does not declare; the schemas allow them, a strict double does not. */
  extraFields: string[];
}

interface ModelSchema {
  validate: ValidateFunction;
  declared: ReadonlySet<string>;
}

type Spec = typeof editSpec | typeof textToImageSpec | typeof seedream45Spec | typeof seedream50LiteSpec;

/**
 * ajv-formats' RFC 3986 regex overflows the stack on strings of a few megabytes, and image_urls
 * carries base64 data URLs of up to ~14 MB. Long values get a linear check of the same grammar's
 * characters (scheme, then URI characters, every % followed by two hex digits).
 */
const RFC3986_REGEX_SAFE_LENGTH = 64 * 1024;
const LONG_URI = /^[a-z][a-z0-9+.-]*:[a-z0-9\-._~!$&'()*+,;=:@/?#%[\]]*$/i;
const BAD_PERCENT_ESCAPE = /%(?![0-9a-f]{2})/i;
const rfc3986Uri = fullFormats.uri;

function isUri(value: string): boolean {
  if (typeof rfc3986Uri !== "function") throw new Error("ajv-formats no longer defines uri as a function");
  if (value.length <= RFC3986_REGEX_SAFE_LENGTH) return rfc3986Uri(value) === true;
  return LONG_URI.test(value) && !BAD_PERCENT_ESCAPE.test(value);
}

// strict: false because the files carry OpenAPI keywords (description, default, title) Ajv's strict
// mode rejects; ajv-formats supplies the formats, "uri" (used by image_urls) wrapped as above.
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat("uri", isUri);

const schemasByModel = new Map<string, ModelSchema>(
  ([editSpec, textToImageSpec, seedream45Spec, seedream50LiteSpec] as Spec[]).map((spec) => {
    const schema = requestSchemaOf(spec);
    const model = schema.properties.model.enum[0];
    if (!model) throw new Error(`OpenAPI file "${schema.title}" names no model`);
    return [model, { validate: ajv.compile(schema), declared: new Set(Object.keys(schema.properties)) }];
  }),
);

function requestSchemaOf(spec: Spec) {
  return spec.paths["/v1/images/generations"].post.requestBody.content["application/json"].schema;
}

export const DOCUMENTED_MODELS: readonly string[] = [...schemasByModel.keys()];

export function validateAgainstOpenApi(body: unknown): OpenApiVerdict {
  if (!isRecord(body)) return { valid: false, errors: ["(body): must be object"], extraFields: [] };
  const model = typeof body.model === "string" ? body.model : "";
  const schema = schemasByModel.get(model);
  if (!schema) {
    const known = DOCUMENTED_MODELS.join(", ");
    return { valid: false, errors: [`model: must be one of ${known}`], extraFields: [] };
  }
  const extraFields = Object.keys(body).filter((key) => !schema.declared.has(key));
  const valid = schema.validate(body);
  const errors = valid ? [] : (schema.validate.errors ?? []).map(describeAjvError);
  return { valid, errors, extraFields };
}

function describeAjvError(error: ErrorObject): string {
  const field = error.instancePath.split("/").filter(Boolean).join(".") || "(body)";
  return `${field}: ${error.message ?? error.keyword}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

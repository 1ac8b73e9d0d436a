import { readFileSync } from "node:fs";
import Ajv from "ajv";
import addFormats from "ajv-formats";

/** A model's request schema as its OpenAPI file declares it (lib/shared/seedream/openapi/). */
export type JsonSchema = { properties: Record<string, unknown>; required: string[] };

export function officialSchema(file: string): JsonSchema {
  const spec = JSON.parse(readFileSync(new URL(`../../lib/shared/seedream/openapi/${file}`, import.meta.url), "utf8"));
  return spec.paths["/v1/images/generations"].post.requestBody.content["application/json"].schema;
}

/** Ajv as the provider's validator would read the files: OpenAPI keywords allowed, formats checked. */
export function officialValidator(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
}

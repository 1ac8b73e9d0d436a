import "server-only";
import contentDisposition from "content-disposition";
import { wellFormed } from "./well-formed";

/**
 * `attachment` with the name twice (RFC 6266 §4.3): `filename*` in UTF-8, and an ASCII `filename`
 * for older clients. The fallback is ours, not the library's "?" for each non-Latin-1 letter:
 * `%` and quotes become "_" too, since some browsers percent-decode `filename`. Lone surrogates
 * are made well formed first, as `encodeURIComponent` throws on them.
 */
export function attachment(name: string): string {
  const fileName = wellFormed(name);
  return contentDisposition(fileName, { fallback: fileName.replace(/[^\x20-\x7e]|["\\%]/g, "_") });
}

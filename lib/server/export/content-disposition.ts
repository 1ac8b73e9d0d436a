import "server-only";
import { wellFormed } from "./well-formed";

/**
 * `attachment` with the name twice (RFC 6266 §4.3): `filename*` in UTF-8 for every browser made
 * this decade, and an ASCII `filename` for anything older. Quotes, backslashes and controls never
 * reach the header, so a stored name cannot break out of it.
 */
export function attachment(name: string): string {
  const fileName = wellFormed(name);
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

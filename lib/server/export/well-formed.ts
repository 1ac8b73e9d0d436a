import "server-only";
/**
 * The text with each lone UTF-16 surrogate replaced by U+FFFD, as TextEncoder would write it:
 * encodeURIComponent throws on one, and XML cannot hold one. Only a stored upload name can have
 * them (prompts pass through the form's checks).
 */
export function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}

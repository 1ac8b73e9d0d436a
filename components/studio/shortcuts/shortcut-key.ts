import type { KeyboardEvent } from "react";
import { isTyping } from "./typing";

/**
 * The single key a dialog shortcut listens for, lower-cased, or null when the press belongs to
 * something else: a field being typed in, a chord with Ctrl/⌘/Alt, a held-down repeat, or a key
 * another handler already took.
 */
export function shortcutKey(event: KeyboardEvent): string | null {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.repeat || isTyping(event.target)) return null;
  return event.key.length === 1 ? event.key.toLowerCase() : event.key;
}

"use client";

import { useEffect, useState, type RefObject } from "react";

/**
 * True while the composer is not in use: on a phone it then folds to its inputs' thumbnails, the
 * prompt and Generate (the `compact:` variant), so the results keep most of the screen.
 *
 * It opens when a field inside (or, from the keyboard, any control) takes the focus, or once a tap
 * inside has landed, and folds the same way when they go elsewhere. A tap's press changes nothing:
 * the composer's height moves the buttons docked above it, and one would slide away under the
 * finger before the tap lands.
 */
export function useCompactComposer(composer: RefObject<HTMLElement | null>): boolean {
  const [compact, setCompact] = useState(true);
  useEffect(() => {
    const inside = (target: EventTarget | null) => target instanceof Node && (composer.current?.contains(target) ?? false);
    const onFocus = (event: FocusEvent) => {
      if (!isTapFocus(event.target)) setCompact(!inside(event.target));
    };
    const onClick = (event: MouseEvent) => setCompact(!inside(event.target));
    document.addEventListener("focusin", onFocus);
    document.addEventListener("click", onClick);
    return () => {
      document.removeEventListener("focusin", onFocus);
      document.removeEventListener("click", onClick);
    };
  }, [composer]);
  return compact;
}

/** A button focused by a press, not the keyboard: its click follows, and decides. */
function isTapFocus(target: EventTarget | null): boolean {
  return target instanceof HTMLButtonElement && !target.matches(":focus-visible");
}

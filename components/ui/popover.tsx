"use client";

import { useId, useRef, useState, type ReactNode, type Ref, type ToggleEvent } from "react";

interface PopoverProps {
  /** The panel's accessible name (it is a non-modal dialog). */
  label: string;
  /** What the button shows; `buttonLabel` names it when that is only an icon. */
  button: ReactNode;
  buttonLabel?: string;
  buttonClassName?: string;
  panelClassName?: string;
  /** Lets the owner open the panel itself, e.g. to show a problem inside it. */
  panelRef?: Ref<HTMLDivElement>;
  /** Where the panel goes beside its button on a wide screen; on a phone it is a sheet at the bottom. */
  side?: "above" | "below";
  children: ReactNode;
}

/**
 * A button and the panel it opens, on the browser's own popover: light dismiss, Esc, the top layer
 * and the focus going back to the button come from the platform, so no script ships for them.
 */
export function Popover({ label, button, buttonLabel, buttonClassName = "", panelClassName = "", panelRef, side = "above", children }: PopoverProps) {
  const id = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);

  const place = (panel: HTMLElement) => {
    const anchor = buttonRef.current;
    if (!anchor || window.matchMedia("(max-width: 639px)").matches) {
      panel.style.cssText = "";
      return;
    }
    const box = anchor.getBoundingClientRect();
    const width = panel.offsetWidth;
    const left = Math.max(8, Math.min(box.left, window.innerWidth - width - 8));
    panel.style.left = `${left}px`;
    panel.style.right = "auto";
    if (side === "above") {
      panel.style.bottom = `${window.innerHeight - box.top + 8}px`;
      panel.style.top = "auto";
    } else {
      panel.style.top = `${box.bottom + 8}px`;
      panel.style.bottom = "auto";
    }
  };

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        popoverTarget={id}
        aria-label={buttonLabel}
        title={buttonLabel}
        aria-expanded={open}
        aria-controls={id}
        className={buttonClassName}
      >
        {button}
      </button>
      <div
        ref={panelRef}
        id={id}
        popover="auto"
        // A dialog only while it shows: a closed panel is no part of the page to anything reading it.
        role={open ? "dialog" : undefined}
        aria-label={open ? label : undefined}
        onToggle={(event: ToggleEvent<HTMLDivElement>) => {
          const opened = event.newState === "open";
          setOpen(opened);
          if (opened) place(event.currentTarget);
        }}
        className={`m-0 max-h-[80dvh] overflow-y-auto border border-zinc-200 bg-white p-4 text-zinc-900 shadow-xl dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100 max-sm:inset-x-0 max-sm:top-auto max-sm:bottom-0 max-sm:w-full max-sm:max-w-none max-sm:rounded-t-2xl max-sm:pb-[max(1rem,env(safe-area-inset-bottom))] sm:fixed sm:rounded-xl ${panelClassName}`}
      >
        {children}
      </div>
    </>
  );
}

/** Opens a popover panel from code, e.g. to show the problem with a field inside it. */
export function showPopover(panel: HTMLElement | null) {
  if (panel && !panel.matches(":popover-open")) panel.showPopover();
}

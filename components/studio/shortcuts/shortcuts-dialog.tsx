"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import { Dialog, DialogCloseButton, DialogContent, DialogDescription, DialogTitle, DialogTrigger } from "@/components/ui/dialog";

/** Input types that take no typed text, so a single-letter shortcut cannot clash with them. */
const NON_TEXT_INPUTS = new Set(["button", "checkbox", "color", "file", "image", "radio", "range", "reset", "submit"]);

/** Whether a key press belongs to a field the person is typing in, where shortcuts must stay silent. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !NON_TEXT_INPUTS.has(target.type);
}

const KEY =
  "inline-flex min-w-6 items-center justify-center rounded border border-zinc-300 bg-zinc-50 px-1.5 py-0.5 font-sans text-xs font-medium text-zinc-800 shadow-[0_1px_0_rgb(0_0_0/0.15)] dark:border-zinc-600 dark:bg-zinc-800 dark:text-zinc-100";

const SHORTCUTS: { keys: ReactNode; action: string }[] = [
  { keys: <Keys names={[["Ctrl", "Control"], ["⌘", "Command"]]} joiner="/" suffix="Enter" />, action: "Generate (from the prompt form)" },
  { keys: <Key>Esc</Key>, action: "Close a dialog or cancel" },
  { keys: <Keys names={[["←", "Left arrow"], ["→", "Right arrow"]]} joiner="/" />, action: "Previous or next image in the viewer" },
  { keys: <Keys names={[["E", "E"], ["R", "R"]]} joiner="/" />, action: "Use as input: the image becomes the next edit's input (viewer, lineage)" },
  { keys: <Key>D</Key>, action: "Download (in the viewer)" },
  { keys: <Key>C</Key>, action: "Compare with its parent or another input (viewer, lineage)" },
  { keys: <Keys names={[["[", "Left bracket"], ["]", "Right bracket"]]} joiner="/" />, action: "Parent or child in the lineage (viewer, lineage)" },
  { keys: <Key>L</Key>, action: "Show the lineage (in the viewer)" },
  { keys: <Key>?</Key>, action: "Show this list" },
];

/**
 * The "Keyboard shortcuts" button and the list it opens. "?" opens it from anywhere on the page,
 * except while typing, where "?" is just a character.
 */
export function ShortcutsDialog() {
  const [open, setOpen] = useState(false);
  // Focus goes back where it was, which after "?" in the viewer is inside the viewer, not this
  // dialog's trigger behind it.
  const opener = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const openOnQuestionMark = (event: KeyboardEvent) => {
      if (event.key !== "?" || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target)) return;
      event.preventDefault();
      setOpen(true);
    };
    document.addEventListener("keydown", openOnQuestionMark);
    return () => document.removeEventListener("keydown", openOnQuestionMark);
  }, []);

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger
        aria-keyshortcuts="?"
        aria-label="Keyboard shortcuts"
        className="inline-flex h-9 items-center gap-2 rounded-lg px-2 py-1 text-xs pointer-coarse:hidden text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
      >
        <kbd aria-hidden className={KEY}>
          ?
        </kbd>
        <span aria-hidden className="max-lg:hidden">
          Keyboard shortcuts
        </span>
      </DialogTrigger>
      <DialogContent
        onOpenAutoFocus={() => {
          opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
        }}
        onCloseAutoFocus={(event) => {
          if (!opener.current?.isConnected) return;
          event.preventDefault();
          opener.current.focus();
          opener.current = null;
        }}
      >
        <div className="flex items-start justify-between gap-4">
          <div className="flex flex-col gap-1">
            <DialogTitle>Keyboard shortcuts</DialogTitle>
            <DialogDescription>Letter keys work whenever you are not typing in a text field.</DialogDescription>
          </div>
          <DialogCloseButton />
        </div>
        <dl className="mt-4 flex flex-col divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
          {SHORTCUTS.map(({ keys, action }) => (
            <div key={action} className="grid grid-cols-[minmax(7.5rem,max-content)_1fr] items-center gap-3 py-2">
              <dt>{keys}</dt>
              <dd className="text-zinc-700 dark:text-zinc-200">{action}</dd>
            </div>
          ))}
        </dl>
      </DialogContent>
    </Dialog>
  );
}

function Key({ children, name }: { children: ReactNode; name?: string }) {
  return (
    <kbd className={KEY}>
      {name ? (
        <>
          <span aria-hidden>{children}</span>
          <span className="sr-only">{name}</span>
        </>
      ) : (
        children
      )}
    </kbd>
  );
}

/** Alternatives ("Ctrl / ⌘") and an optional key pressed with them ("+ Enter"). */
function Keys({ names, joiner, suffix }: { names: [glyph: string, name: string][]; joiner: string; suffix?: string }) {
  return (
    <span className="inline-flex items-center gap-1 text-xs text-zinc-500 dark:text-zinc-400">
      {names.map(([glyph, name], index) => (
        <span key={name} className="inline-flex items-center gap-1">
          {index > 0 && <span aria-hidden>{joiner}</span>}
          {index > 0 && <span className="sr-only">or</span>}
          <Key name={name}>{glyph}</Key>
        </span>
      ))}
      {suffix && (
        <>
          <span>+</span>
          <Key>{suffix}</Key>
        </>
      )}
    </span>
  );
}

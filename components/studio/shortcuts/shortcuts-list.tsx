"use client";

import { useRef, type ReactNode } from "react";
import { Dialog, DialogCloseButton, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { KEY } from "./key-style";

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

/** The list of shortcuts, loaded the first time it is asked for; its button stays in the header. */
export function ShortcutsList({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  // Focus goes back where it was: the header's button after a click, and after "?" in the viewer
  // the viewer, not the page behind it.
  const opener = useRef<HTMLElement | null>(null);
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
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

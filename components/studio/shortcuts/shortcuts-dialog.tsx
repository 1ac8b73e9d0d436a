"use client";

import dynamic from "next/dynamic";
import { withLazyPart } from "@/components/studio/lazy/lazy-part";
import { useEffect, useState } from "react";
import { KEY } from "./key-style";
import { isTyping } from "./typing";

/**
 * The list and the Radix dialog under it load the first time they are asked for, not with the page:
 * a "?" pressed or the button clicked before they arrive opens the list as soon as they do.
 */
const ShortcutsList = withLazyPart(dynamic(() => import("./shortcuts-list").then((module) => module.ShortcutsList), { ssr: false }));

/**
 * The "Keyboard shortcuts" button and the list it opens. "?" opens it from anywhere on the page,
 * except while typing, where "?" is just a character.
 */
export function ShortcutsDialog() {
  const [open, setOpen] = useState(false);
  // Mounted from the first opening on, so closing it plays out like any dialog's.
  const [wanted, setWanted] = useState(false);

  useEffect(() => {
    const openOnQuestionMark = (event: KeyboardEvent) => {
      if (event.key !== "?" || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target)) return;
      event.preventDefault();
      setWanted(true);
      setOpen(true);
    };
    document.addEventListener("keydown", openOnQuestionMark);
    return () => document.removeEventListener("keydown", openOnQuestionMark);
  }, []);

  return (
    <>
      <button
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-keyshortcuts="?"
        aria-label="Keyboard shortcuts"
        onClick={() => {
          setWanted(true);
          setOpen(true);
        }}
        className="inline-flex h-9 items-center gap-2 rounded-lg px-2 py-1 text-xs pointer-coarse:hidden text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
      >
        <kbd aria-hidden className={KEY}>
          ?
        </kbd>
        <span aria-hidden className="max-lg:hidden">
          Keyboard shortcuts
        </span>
      </button>
      {wanted && <ShortcutsList open={open} onOpenChange={setOpen} />}
    </>
  );
}

"use client";

import { createContext, useContext, useState, type ReactNode } from "react";
import type { ImageView } from "@/lib/shared/gallery/view";
import type { AppliedMarks } from "./marks-state";
import type { AppliedMarksState } from "./use-applied-marks";
import { MarkDialog } from "./mark-dialog-lazy";

interface MarksContext {
  marks: AppliedMarksState;
  open(image: ImageView, number: number): void;
}

const Context = createContext<MarksContext | null>(null);

interface Opened {
  image: ImageView;
  number: number;
  copyNumber: number;
}

/**
 * Where the marking view lives: any tray tile's Mark button opens it; applying puts the note into
 * the prompt (through `onNoteChange`) and keeps the marks with the tray.
 */
export function MarksProvider({
  marks,
  trayImages,
  onNoteChange,
  children,
}: {
  marks: AppliedMarksState;
  trayImages: readonly ImageView[];
  onNoteChange: (before: string | null, after: string | null) => void;
  children: ReactNode;
}) {
  const [opened, setOpened] = useState<Opened | null>(null);
  const open = (image: ImageView, number: number) => {
    // A copy sent beside its original goes after every tray image and every copy before it.
    const copiesBefore = trayImages
      .slice(0, number - 1)
      .filter((other) => marks.get(other.id)?.settings.delivery === "original-and-copy").length;
    setOpened({ image, number, copyNumber: trayImages.length + copiesBefore + 1 });
  };
  const apply = (applied: AppliedMarks | null) => {
    if (!opened) return;
    const before = marks.get(opened.image.id);
    onNoteChange(before?.note ?? null, applied?.note ?? null);
    marks.set(opened.image.id, applied);
    setOpened(null);
  };

  return (
    <Context value={{ marks, open }}>
      {children}
      {opened && (
        <MarkDialog
          image={opened.image}
          number={opened.number}
          copyNumber={opened.copyNumber}
          initial={marks.get(opened.image.id)}
          onApply={apply}
          onClose={() => setOpened(null)}
        />
      )}
    </Context>
  );
}

/** The tray tile's way in: a Mark button, and the marked copy shown over the tile once applied. */
export function MarkButton({ image, number }: { image: ImageView; number: number }) {
  const context = useContext(Context);
  if (!context) return null;
  const applied = context.marks.get(image.id);
  return (
    <>
      {applied && (
        <span
          aria-hidden
          className="pointer-events-none absolute inset-0 bg-cover bg-center"
          style={{ backgroundImage: `url("${applied.copy.thumbnailUrl}")` }}
        />
      )}
      <button
        type="button"
        onClick={() => context.open(image, number)}
        aria-label={applied ? `Edit the marks on image ${number}` : `Mark image ${number}`}
        className="absolute bottom-1 left-1 rounded-md bg-black/75 compact:hidden px-1.5 py-0.5 text-[11px] pointer-coarse:min-h-11 pointer-coarse:min-w-11 font-medium text-white hover:bg-black focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-500"
      >
        {applied ? "Marked" : "Mark"}
      </button>
    </>
  );
}

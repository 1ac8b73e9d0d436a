"use client";

import { useEffect, useState } from "react";
import { renderMarkedCopy } from "@/lib/browser/marks/draw-marks";
import { prepareImage } from "@/lib/browser/prepare-image";
import type { ImageView } from "@/lib/shared/gallery/view";
import { commit, redo, startHistory, undo } from "@/lib/shared/marks/history";
import { DEFAULT_MARK_SETTINGS, type Mark } from "@/lib/shared/marks/marks";
import { hasRegion, machineNote } from "@/lib/shared/marks/note";
import { Button } from "@/components/ui/button";
import { Dialog, DialogCloseButton, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { errorOf, useUploadImages } from "@/components/studio/data/mutations";
import { MarkCanvas, type MarkTool } from "./mark-canvas";
import { MarkSending } from "./mark-sending";
import { MarkTools } from "./mark-tools";
import type { AppliedMarks } from "./marks-state";

interface MarkDialogProps {
  image: ImageView;
  number: number;
  copyNumber: number;
  initial: AppliedMarks | null;
  onApply: (applied: AppliedMarks | null) => void;
  onClose: () => void;
}

const NOTHING_MORE = () => undefined;

/**
 * The marking view: draw on the left, decide on the right what is sent. Applying draws the marked
 * copy at the original's size with the same code as the screen, uploads it through the usual
 * checks, and puts the note into the prompt, where it can still be edited.
 */
export function MarkDialog({ image, number, copyNumber, initial, onApply, onClose }: MarkDialogProps) {
  const [history, setHistory] = useState(() => startHistory<Mark[]>(initial?.marks ?? []));
  const [settings, setSettings] = useState(initial?.settings ?? DEFAULT_MARK_SETTINGS);
  const [tool, setTool] = useState<MarkTool>("brush");
  const longSide = Math.max(image.width, image.height);
  const [brushRadius, setBrushRadius] = useState(Math.max(2, Math.round(longSide / 40)));
  const [labelText, setLabelText] = useState("");
  const [editedNote, setEditedNote] = useState<string | null>(initial && initial.note !== machineNote(initial.marks, initial.settings, number, copyNumber) ? initial.note : null);
  const [announcement, setAnnouncement] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const { mutateAsync: upload } = useUploadImages(NOTHING_MORE);
  const marks = history.present;
  const note = editedNote ?? machineNote(marks, settings, number, copyNumber);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
      const key = event.key.toLowerCase();
      if (key === "z" || key === "y") {
        event.preventDefault();
        setHistory((current) => (key === "y" || event.shiftKey ? redo(current) : undo(current)));
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const apply = async () => {
    if (marks.length === 0) return onApply(null);
    setSending(true);
    setError(null);
    try {
      const unchanged = initial && initial.marks === marks && initial.settings.colour === settings.colour;
      const copy = unchanged ? initial.copy : (await upload([await prepareImage(await renderMarkedCopy(image, marks, settings.colour))]))[0];
      if (!copy) throw new Error("The marked copy was not stored.");
      onApply({ imageId: image.id, marks, settings, note: note.trim(), copy });
    } catch (failure) {
      setError(`The marked copy could not be sent: ${errorOf(failure).message}`);
      setSending(false);
    }
  };

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent layout="full" className="md:flex-row" aria-describedby="mark-dialog-description">
        <div className="flex min-h-0 flex-1 flex-col gap-2 p-3">
          <div className="flex items-center justify-between gap-2">
            <DialogTitle>Mark image {number}</DialogTitle>
            <DialogCloseButton className="md:hidden" />
          </div>
          <DialogDescription id="mark-dialog-description">
            Paint or box the area to change, point with numbered arrows, or name things with labels.
          </DialogDescription>
          <MarkCanvas
            image={image}
            number={number}
            marks={marks}
            colour={settings.colour}
            tool={tool}
            brushRadius={brushRadius}
            labelText={labelText}
            onAdd={(mark) => setHistory((current) => commit(current, [...current.present, mark]))}
            onAnnounce={setAnnouncement}
          />
          <p role="status" className="sr-only">
            {announcement}
          </p>
        </div>
        <aside aria-label="Marking tools" className="flex w-full shrink-0 flex-col gap-4 border-t border-zinc-200 p-3 md:w-80 md:overflow-y-auto md:border-t-0 md:border-l dark:border-zinc-800">
          <DialogCloseButton className="hidden self-end md:inline-flex" />
          <MarkTools
            tool={tool}
            onToolChange={setTool}
            colour={settings.colour}
            onColourChange={(colour) => setSettings({ ...settings, colour })}
            brushRadius={brushRadius}
            brushMax={Math.max(8, Math.round(longSide / 8))}
            onBrushRadiusChange={setBrushRadius}
            labelText={labelText}
            onLabelTextChange={setLabelText}
            canUndo={history.past.length > 0}
            canRedo={history.future.length > 0}
            canClear={marks.length > 0}
            onUndo={() => setHistory(undo)}
            onRedo={() => setHistory(redo)}
            onClear={() => setHistory((current) => commit(current, []))}
          />
          <MarkSending
            number={number}
            copyNumber={copyNumber}
            settings={settings}
            onSettingsChange={setSettings}
            painted={hasRegion(marks)}
            note={note}
            onNoteChange={setEditedNote}
            noteEdited={editedNote !== null}
            onNoteReset={() => setEditedNote(null)}
          />
          {error && (
            <p role="alert" className="text-sm text-red-700 dark:text-red-400">
              {error}
            </p>
          )}
          <div className="flex gap-2">
            <Button onClick={() => void apply()} disabled={sending}>
              {sending ? "Sending the marked copy…" : marks.length === 0 && initial ? "Remove marks" : "Apply marks"}
            </Button>
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
          </div>
        </aside>
      </DialogContent>
    </Dialog>
  );
}

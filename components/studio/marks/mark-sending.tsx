"use client";

import { NOTE_MAX_CHARS, type MarkDelivery, type MarkSettings } from "@/lib/shared/marks/marks";
import { REGION_FEATHER_MAX } from "@/lib/shared/marks/region";
import { NumberInput } from "@/components/ui/number-input";
import { Switch } from "@/components/ui/switch";

interface MarkSendingProps {
  number: number;
  copyNumber: number;
  settings: MarkSettings;
  onSettingsChange: (settings: MarkSettings) => void;
  painted: boolean;
  note: string;
  onNoteChange: (note: string) => void;
  noteEdited: boolean;
  onNoteReset: () => void;
}

/** How the marks go out, whether the outside is kept, and the note the prompt gets: all shown before sending. */
export function MarkSending({ number, copyNumber, settings, onSettingsChange, painted, note, onNoteChange, noteEdited, onNoteReset }: MarkSendingProps) {
  const deliveries: Array<{ value: MarkDelivery; label: string }> = [
    { value: "marked-copy", label: `Send the marked copy as image ${number}` },
    { value: "original-and-copy", label: `Send image ${number} clean, and the marked copy as image ${copyNumber}` },
  ];
  return (
    <div className="flex flex-col gap-3 text-sm">
      <fieldset className="flex flex-col gap-1">
        <legend className="mb-1 font-medium">What is sent</legend>
        {deliveries.map(({ value, label }) => (
          <label key={value} className="flex items-start gap-2">
            <input
              type="radio"
              name="mark-delivery"
              value={value}
              checked={settings.delivery === value}
              onChange={() => onSettingsChange({ ...settings, delivery: value })}
              className="mt-1"
            />
            {label}
          </label>
        ))}
      </fieldset>
      <div className="flex items-center justify-between gap-2">
        <label htmlFor="mark-keep-outside">Keep everything outside the painted area</label>
        <Switch
          id="mark-keep-outside"
          checked={painted && settings.keepOutside}
          disabled={!painted}
          onCheckedChange={(keepOutside) => onSettingsChange({ ...settings, keepOutside })}
        />
      </div>
      <label className="flex items-center justify-between gap-2">
        Feather (pixels)
        <NumberInput
          value={settings.feather}
          min={0}
          max={REGION_FEATHER_MAX}
          disabled={!painted || !settings.keepOutside}
          onValueChange={(value) => onSettingsChange({ ...settings, feather: Math.min(REGION_FEATHER_MAX, Math.max(0, Math.round(value ?? 0))) })}
          className="w-20 rounded-md border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
        />
      </label>
      <label className="flex flex-col gap-1">
        <span className="font-medium">Note added to the prompt</span>
        <textarea
          value={note}
          maxLength={NOTE_MAX_CHARS}
          rows={4}
          onChange={(event) => onNoteChange(event.target.value)}
          className="rounded-md border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
        />
      </label>
      {noteEdited && (
        <button type="button" onClick={onNoteReset} className="self-start text-sky-700 underline dark:text-sky-400">
          Write the note from the marks again
        </button>
      )}
    </div>
  );
}

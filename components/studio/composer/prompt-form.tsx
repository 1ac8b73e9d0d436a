"use client";

import { useId, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode, type RefObject } from "react";
import { Button } from "@/components/ui/button";
import { describedBy, FIELD_LABEL, FieldProblem } from "@/components/ui/field";
import { insertAtCaret, mentionProblem } from "@/lib/shared/prompt/mentions";
import { PROMPT_MAX_CHARS } from "@/lib/shared/seedream/limits";
import { MODEL_SPECS, type StudioModel } from "@/lib/shared/seedream/models";
import { CostEstimate } from "./cost-estimate";
import { CountPicker } from "./count-picker";
import { ReferenceChips } from "./reference-chips";
import { toGenerationSettings, type FormField, type FormSettings, type GenerationOrder } from "./form-settings";
import { ModelPicker } from "./model-picker";
import { callsSentence } from "./model-switch";
import { SafetySwitch, WatermarkSwitch } from "./safety-switch";
import { SeedField } from "./seed-field";
import { SizePicker } from "./size-picker";
import type { TrayItem } from "@/components/studio/tray/use-tray";

interface PromptFormProps {
  /** Controlled: the studio owns the settings, so "Reuse settings" can fill them in. */
  form: FormSettings;
  onFormChange: (form: FormSettings) => void;
  promptRef: RefObject<HTMLTextAreaElement | null>;
  /** With inputs in the tray, the same form performs an edit. */
  inputCount: number;
  /** The tray's numbered inputs, offered as "image N" chips and checked against the prompt's mentions. */
  references?: TrayItem[];
  /** Which engine runs: the estimate beside Generate is in credits only for the API. */
  engine: "aimlapi" | "local";
  /** Called with valid settings only, for the chosen model. */
  onGenerate: (order: GenerationOrder) => void;
  /** Generate was pressed while this many tray files were still uploading: it runs once they are in. */
  waitingForUploads?: number;
  /** The input tray. */
  children?: ReactNode;
}

/** Where a problem sends the focus first, in the order the fields appear. */
const FIELD_ORDER: readonly FormField[] = ["prompt", "size", "width", "height", "numImages", "seed", "inputs"];

export function PromptForm({ form, onFormChange, promptRef, inputCount, references = [], engine, onGenerate, waitingForUploads = 0, children }: PromptFormProps) {
  const id = useId();
  const countId = `${id}-count`;
  const promptProblemId = `${id}-prompt-problem`;
  const mentionNoteId = `${id}-mention-note`;
  const widthRef = useRef<HTMLInputElement>(null);
  const heightRef = useRef<HTMLInputElement>(null);
  const seedRef = useRef<HTMLInputElement>(null);
  // Problems show once a run was asked for, and each leaves as soon as its field is fixed.
  const [flagged, setFlagged] = useState<ReadonlySet<FormField>>(() => new Set());
  // Until the prompt box has had the caret, a chip adds at the end rather than at position 0.
  const caretKnown = useRef(false);
  const caretAfterInsert = useRef<number | null>(null);

  // The new prompt's value puts the caret at its end; it goes back to just after what was inserted.
  useLayoutEffect(() => {
    const caret = caretAfterInsert.current;
    caretAfterInsert.current = null;
    if (caret !== null) promptRef.current?.setSelectionRange(caret, caret);
  });

  const check = toGenerationSettings(form, inputCount);
  const oneImageModel = MODEL_SPECS[form.model].oneImagePerCall;
  const problems: Problems = check.ok ? {} : shownProblems(check.problems, flagged);
  const update = (patch: Partial<FormSettings>) => onFormChange({ ...form, ...patch });

  // The prompt stays in the box after a run: the next try is usually a small change to it.
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const result = toGenerationSettings(form, inputCount);
    if (result.ok) {
      setFlagged(new Set());
      onGenerate({ model: form.model, settings: result.settings });
      return;
    }
    const fields = FIELD_ORDER.filter((field) => result.problems[field] !== undefined);
    setFlagged(new Set(fields));
    const refs: Partial<Record<FormField, RefObject<HTMLElement | null>>> = {
      prompt: promptRef,
      width: widthRef,
      height: heightRef,
      seed: seedRef,
    };
    fields.map((field) => refs[field]?.current).find(Boolean)?.focus();
  };

  // Bubbles up from every control inside, the tray's included.
  const submitOnShortcut = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    if (event.repeat || event.nativeEvent.isComposing) return;
    event.preventDefault();
    event.currentTarget.requestSubmit();
  };

  const insertReference = (number: number) => {
    const box = promptRef.current;
    const end = form.prompt.length;
    const [start, stop] = box && caretKnown.current ? [box.selectionStart, box.selectionEnd] : [end, end];
    const { text, caret } = insertAtCaret(form.prompt, start, stop, `image ${number}`);
    caretAfterInsert.current = caret;
    update({ prompt: text });
    box?.focus();
  };

  const overLimit = form.prompt.length > PROMPT_MAX_CHARS;
  const mentionNote = mentionProblem(form.prompt, references.length);

  return (
    <form
      onSubmit={submit}
      onKeyDown={submitOnShortcut}
      noValidate
      className="flex min-w-0 flex-col gap-4 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex flex-col gap-1.5">
        <div className="flex items-baseline justify-between gap-3">
          <label htmlFor={`${id}-prompt`} className={FIELD_LABEL}>
            Prompt
          </label>
          <span
            id={countId}
            className={`text-xs tabular-nums ${overLimit ? "font-medium text-red-700 dark:text-red-400" : "text-zinc-600 dark:text-zinc-400"}`}
          >
            {form.prompt.length} / {PROMPT_MAX_CHARS}
          </span>
        </div>
        <textarea
          ref={promptRef}
          id={`${id}-prompt`}
          value={form.prompt}
          onChange={(event) => update({ prompt: event.target.value })}
          onSelect={() => {
            caretKnown.current = true;
          }}
          rows={5}
          placeholder="A lighthouse on a cliff at dusk, warm light in the windows"
          aria-invalid={problems.prompt ? true : undefined}
          aria-describedby={describedBy(countId, problems.prompt && promptProblemId, mentionNote && mentionNoteId)}
          className="min-h-24 resize-y rounded-lg border border-zinc-300 bg-white p-3 text-sm leading-relaxed text-zinc-900 outline-none placeholder:text-zinc-500 focus-visible:border-sky-500 focus-visible:ring-2 focus-visible:ring-sky-500/40 aria-[invalid=true]:border-red-600 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100 dark:placeholder:text-zinc-400 dark:aria-[invalid=true]:border-red-400"
        />
        <FieldProblem id={promptProblemId} problem={problems.prompt} />
        {/* Always there, so a note that appears (an input removed, a number typed) is read out. */}
        <div aria-live="polite" className="-mt-1.5">
          {mentionNote && (
            <p id={mentionNoteId} className="mt-1.5 text-xs leading-snug text-amber-800 dark:text-amber-300">
              {mentionNote}
            </p>
          )}
        </div>
        <ReferenceChips items={references} onInsert={insertReference} />
      </div>

      {children}

      <div className="flex flex-col gap-4 border-t border-zinc-200 pt-4 dark:border-zinc-800">
        <h2 className="text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400">Settings</h2>
        <ModelPicker form={form} inputCount={inputCount} onFormChange={onFormChange} />
        <SizePicker
          oneImageModel={oneImageModel}
          size={form.size}
          lockAspect={form.lockAspect}
          problems={problems}
          widthRef={widthRef}
          heightRef={heightRef}
          onSizeChange={(size) => update({ size })}
          onLockAspectChange={(lockAspect) => update({ lockAspect })}
        />
        <div className="flex flex-wrap items-start gap-x-6 gap-y-4">
          <CountPicker
            value={form.numImages}
            problem={problems.numImages}
            note={oneImageModel ? callsSentence(form.model, form.numImages) : undefined}
            onChange={(numImages) => update({ numImages })}
          />
          <SeedField
            seed={form.seed}
            locked={form.seedLocked}
            problem={problems.seed}
            inputRef={seedRef}
            onSeedChange={(seed) => update({ seed })}
            onLockedChange={(seedLocked) => update({ seedLocked })}
          />
        </div>
        {oneImageModel ? (
          <WatermarkSwitch checked={form.watermark} onCheckedChange={(watermark) => update({ watermark })} />
        ) : (
          <SafetySwitch checked={form.safetyChecker} onCheckedChange={(safetyChecker) => update({ safetyChecker })} />
        )}
      </div>

      <div className="flex flex-col gap-3 border-t border-zinc-200 pt-4 dark:border-zinc-800">
        <p aria-live="polite" className="rounded-lg bg-zinc-100 px-3 py-2 text-xs leading-snug text-zinc-700 dark:bg-zinc-800/70 dark:text-zinc-200">
          {modeSentence(form.model, inputCount, waitingForUploads)}
        </p>
        <FieldProblem id={`${id}-inputs-problem`} problem={problems.inputs} />
        <div className="flex items-center justify-between gap-3">
          <span className="text-xs text-zinc-600 dark:text-zinc-400">
            <kbd className="font-sans">Ctrl</kbd>/<kbd className="font-sans">⌘</kbd> + <kbd className="font-sans">Enter</kbd>
          </span>
          <div className="flex items-center gap-3">
            <CostEstimate images={form.numImages} model={form.model} engine={engine} />
            <Button type="submit" aria-keyshortcuts="Control+Enter Meta+Enter" className="min-w-32">
              Generate
            </Button>
          </div>
        </div>
      </div>
    </form>
  );
}

/** What Generate will do, said before it is pressed (and while it waits for uploads after). */
function modeSentence(model: StudioModel, inputCount: number, waitingForUploads: number): string {
  const name = MODEL_SPECS[model].name;
  if (waitingForUploads > 0) {
    const one = waitingForUploads === 1;
    return `Waiting for ${one ? "1 upload" : `${waitingForUploads} uploads`} to finish; the edit starts as soon as ${one ? "it is" : "they are"} in.`;
  }
  const editor = model === "seedream-v4" ? "Seedream v4 Edit" : name;
  if (inputCount > 0) return `Edit: ${editor} will change ${inputCount === 1 ? "image 1" : `images 1–${inputCount}`} as the prompt says.`;
  return `Text to image: ${name} draws the prompt from scratch.`;
}

type Problems = Partial<Record<FormField, string>>;

function shownProblems(problems: Problems, flagged: ReadonlySet<FormField>): Problems {
  return Object.fromEntries(Object.entries(problems).filter(([field]) => flagged.has(field as FormField)));
}

"use client";

import { useEffect, useId, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode, type RefObject } from "react";
import { Button } from "@/components/ui/button";
import { describedBy, FieldProblem } from "@/components/ui/field";
import { showPopover } from "@/components/ui/popover";
import { insertAtCaret, mentionProblem } from "@/lib/shared/prompt/mentions";
import { PROMPT_MAX_CHARS } from "@/lib/shared/seedream/limits";
import { MODEL_SPECS, type StudioModel } from "@/lib/shared/seedream/models";
import { CostEstimate } from "./cost-estimate";
import { CountPicker } from "./count-picker";
import type { FormField, FormSettings, GenerationOrder } from "./form-settings";
import type { FormCheck } from "./form-check";
import { composerChecks, type ComposerChecks } from "./composer-checks-lazy";
import { useLazyModule } from "@/components/studio/lazy/lazy-module";
import { ModelPicker } from "./model-picker";
import { callsSentence } from "./model-switch";
import { MoreSettings } from "./more-settings";
import { preloadComposerPanels, ReferenceChips } from "./composer-panels-lazy";
import { SizeMenu } from "./size-menu";
import { useCompactComposer } from "./use-compact-composer";
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
  /** The input tray, shown above the prompt while it holds something. */
  children?: ReactNode;
  /** The button that adds pictures to the tray, beside the prompt. */
  addImages?: ReactNode;
  /** The first input's pixels, for "match input aspect". */
  firstInput?: { width: number; height: number } | null;
}

const CHECKS_MISSING = "Part of the page did not load, so nothing was sent; check your connection and press Generate again.";

/** Where a problem sends the focus first, in the order the fields appear. */
const FIELD_ORDER: readonly FormField[] = ["prompt", "size", "width", "height", "numImages", "seed", "inputs"];

export function PromptForm(props: PromptFormProps) {
  const { form, onFormChange, promptRef, inputCount, references = [], engine, onGenerate, waitingForUploads = 0, children } = props;
  const { addImages, firstInput = null } = props;
  const id = useId();
  const countId = `${id}-count`;
  const promptProblemId = `${id}-prompt-problem`;
  const mentionNoteId = `${id}-mention-note`;
  const widthRef = useRef<HTMLInputElement>(null);
  const heightRef = useRef<HTMLInputElement>(null);
  const seedRef = useRef<HTMLInputElement>(null);
  const sizePanel = useRef<HTMLDivElement>(null);
  const settingsPanel = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const compact = useCompactComposer(formRef);
  // Problems show once a run was asked for, and each leaves as soon as its field is fixed.
  const [flagged, setFlagged] = useState<ReadonlySet<FormField>>(() => new Set());
  // Generate pressed before the form's checks could be fetched (a dropped connection): nothing was sent.
  const [checksMissing, setChecksMissing] = useState(false);
  // Until the prompt box has had the caret, a chip adds at the end rather than at position 0.
  const caretKnown = useRef(false);
  const caretAfterInsert = useRef<number | null>(null);

  useEffect(preloadComposerPanels, []);

  // The new prompt's value puts the caret at its end; it goes back to just after what was inserted.
  useLayoutEffect(() => {
    const caret = caretAfterInsert.current;
    caretAfterInsert.current = null;
    if (caret !== null) promptRef.current?.setSelectionRange(caret, caret);
  });

  // Problems only show once a run was asked for, and by then the checks have arrived.
  const checks = useLazyModule(composerChecks);
  const check = checks?.toGenerationSettings(form, inputCount, firstInput) ?? null;
  const oneImageModel = MODEL_SPECS[form.model].oneImagePerCall;
  const problems: Problems = check && !check.ok ? shownProblems(check.problems, flagged) : {};
  const update = (patch: Partial<FormSettings>) => onFormChange({ ...form, ...patch });

  // The prompt stays in the box after a run: the next try is usually a small change to it.
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const run = (loaded: ComposerChecks) => {
      setChecksMissing(false);
      runChecked(loaded.toGenerationSettings(form, inputCount, firstInput));
    };
    const ready = composerChecks.current();
    if (ready) run(ready);
    else composerChecks.load().then(run, () => setChecksMissing(true));
  };

  const runChecked = (result: FormCheck) => {
    if (result.ok) {
      // Only when something was flagged: a new empty set would render the form before the start is sent.
      if (flagged.size > 0) setFlagged(new Set());
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
    // A problem inside a closed panel opens it first, so the focus lands on something visible.
    const first = fields.find((field) => field !== "prompt" && field !== "numImages" && field !== "inputs");
    if (fields[0] !== "prompt" && first) showPopover((first === "seed" ? settingsPanel : sizePanel).current);
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
      ref={formRef}
      aria-label="Composer"
      data-compact={compact ? "" : undefined}
      onSubmit={submit}
      onKeyDown={submitOnShortcut}
      noValidate
      className="flex min-w-0 flex-col gap-2 rounded-2xl border border-zinc-200 bg-white/95 p-2 shadow-lg backdrop-blur sm:p-3 dark:border-zinc-800 dark:bg-zinc-900/95"
    >
      {children}
      <p aria-live="polite" className="truncate px-1 text-xs text-zinc-600 dark:text-zinc-300">
        {modeSentence(form.model, inputCount, waitingForUploads)}
      </p>
      <FieldProblem id={`${id}-inputs-problem`} problem={problems.inputs ?? (checksMissing ? CHECKS_MISSING : undefined)} className="px-1" />
      <div className="flex items-end gap-2">
        {addImages}
        <label htmlFor={`${id}-prompt`} className="sr-only">
          Prompt
        </label>
        <textarea
          ref={promptRef}
          id={`${id}-prompt`}
          value={form.prompt}
          onChange={(event) => update({ prompt: event.target.value })}
          onSelect={() => {
            caretKnown.current = true;
          }}
          rows={2}
          placeholder={inputCount > 0 ? "Describe the change: make it dusk, add a red scarf…" : "A lighthouse on a cliff at dusk, warm light in the windows"}
          aria-invalid={problems.prompt ? true : undefined}
          aria-describedby={describedBy(countId, problems.prompt && promptProblemId, mentionNote && mentionNoteId)}
          className="max-h-40 min-h-11 compact:max-h-11 compact:overflow-hidden compact:whitespace-nowrap min-w-0 flex-1 resize-none rounded-xl border border-zinc-300 bg-white px-3 py-2.5 text-sm leading-relaxed text-zinc-900 outline-none field-sizing-content placeholder:text-zinc-500 focus-visible:border-sky-500 focus-visible:ring-2 focus-visible:ring-sky-500/40 aria-[invalid=true]:border-red-600 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100 dark:placeholder:text-zinc-400 dark:aria-[invalid=true]:border-red-400"
        />
      </div>
      <FieldProblem id={promptProblemId} problem={problems.prompt} className="px-1" />
      {/* Always there, so a note that appears (an input removed, a number typed) is read out. */}
      <div aria-live="polite">
        {mentionNote && (
          <p id={mentionNoteId} className="px-1 text-xs leading-snug text-amber-800 dark:text-amber-300">
            {mentionNote}
          </p>
        )}
      </div>
      {references.length > 0 && <ReferenceChips items={references} onInsert={insertReference} />}

      <div className="flex flex-wrap items-center gap-1.5">
        {/* Folded away on a phone until the composer is in use; the sentence above names the model. */}
        <div className="contents compact:hidden">
          {/* The model picker's place: it belongs to the size and count, the choices of one run. */}
          <div data-slot="model" className="flex items-center">
            <ModelPicker form={form} inputCount={inputCount} onFormChange={onFormChange} compact />
          </div>
          <SizeMenu
            size={form.size}
            oneImageModel={oneImageModel}
            lockAspect={form.lockAspect}
            problems={{ size: problems.size, width: problems.width, height: problems.height }}
            widthRef={widthRef}
            heightRef={heightRef}
            panelRef={sizePanel}
            input={firstInput}
            matchInputAspect={form.matchInputAspect}
            onSizeChange={(size) => update({ size })}
            onLockAspectChange={(lockAspect) => update({ lockAspect })}
            onMatchInputAspectChange={(matchInputAspect) => update({ matchInputAspect })}
            className={COMPACT_CONTROL}
          />
          <CountPicker
            compact
            value={form.numImages}
            problem={problems.numImages}
            note={oneImageModel ? callsSentence(form.model, form.numImages) : undefined}
            onChange={(numImages) => update({ numImages })}
          />
          <MoreSettings
            form={form}
            seedProblem={problems.seed}
            seedRef={seedRef}
            panelRef={settingsPanel}
            onChange={update}
            className={COMPACT_CONTROL}
          />
        </div>
        <div className="ml-auto flex items-center gap-2">
          <div className="flex flex-col items-end">
            <CostEstimate images={form.numImages} model={form.model} engine={engine} />
            <span
              id={countId}
              className={`text-[11px] tabular-nums ${overLimit ? "font-medium text-red-700 dark:text-red-400" : "text-zinc-600 dark:text-zinc-400"}`}
            >
              {form.prompt.length} / {PROMPT_MAX_CHARS}
            </span>
          </div>
          <Button
            type="submit"
            aria-keyshortcuts="Control+Enter Meta+Enter"
            title="Generate (Ctrl/⌘ + Enter)"
            className="h-9 min-w-28 rounded-xl pointer-coarse:h-11"
          >
            Generate
          </Button>
        </div>
      </div>
    </form>
  );
}

/** The size button and the settings button beside the count: one height, one look. */
const COMPACT_CONTROL =
  "inline-flex h-9 min-w-9 items-center justify-center gap-1.5 rounded-lg border border-zinc-300 bg-white px-2 text-sm font-medium text-zinc-800 transition-colors hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 aria-expanded:border-sky-600 pointer-coarse:h-11 pointer-coarse:min-w-11 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100 dark:hover:bg-zinc-800";

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

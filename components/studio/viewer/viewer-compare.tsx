"use client";

import { imageUrls, type GenerationView, type ImageView } from "@/lib/shared/gallery/view";
import { modelLabel, studioModelOf } from "@/lib/shared/seedream/models";
import { CompareSlider } from "./compare-slider";

/** Something the shown image can be compared with: one of its inputs, a sibling, or the original it replays. */
interface CompareChoice {
  id: string;
  url: string;
  thumbnailUrl: string;
  /** "Input 1", "Result 3", "Original": short, for the picker and the Before label. */
  label: string;
  /** A sibling came out of the same run: it is neither before nor after this image. */
  sibling?: boolean;
}

export type CompareMode = "slider" | "side-by-side";

/**
 * Inputs first (the primary one opens by default), then the job's other outputs, then — for a
 * replayed step — the output of the step it re-ran, so drift is one click away.
 */
export function compareChoices(image: ImageView, generation: GenerationView | null, original: GenerationView | null): CompareChoice[] {
  if (!generation) return [];
  const inputs = generation.inputImageIds.map((id, position) => ({ id, ...imageUrls(id), label: `Input ${position + 1}` }));
  const siblings = generation.outputs.flatMap((output, position) =>
    output.id === image.id ? [] : [{ id: output.id, url: output.url, thumbnailUrl: output.thumbnailUrl, label: `Result ${position + 1}`, sibling: true }],
  );
  // The original's output at the same place: a replay can end with fewer outputs than it had.
  const position = generation.outputs.findIndex((output) => output.id === image.id);
  const before = original && generation.replayOf === original.id ? (original.outputs[position] ?? original.outputs[0]) : undefined;
  // A branch on another model opens on the pair: the same step on the model it was tried against.
  const branch = before && original && studioModelOf(original.model) !== studioModelOf(generation.model);
  const originalChoice = before ? [{ id: before.id, url: before.url, thumbnailUrl: before.thumbnailUrl, label: branch ? `On ${modelLabel(original!.model)}` : "Original" }] : [];
  const choices = branch ? [...originalChoice, ...inputs, ...siblings] : [...inputs, ...siblings, ...originalChoice];
  // An image used twice as an input is one choice.
  return choices.filter((choice, index) => choices.findIndex((other) => other.id === choice.id) === index);
}

interface CompareStageProps {
  before: CompareChoice;
  after: { url: string; alt: string };
  mode: CompareMode;
}

/** The picture area while comparing: one box with a slider, or the two side by side. */
export function CompareStage({ before, after, mode }: CompareStageProps) {
  // Two results of one run are siblings: each is called by its own name, not "before" and "after".
  const beforeAlt = before.sibling ? `${before.label} of the same run` : `Before: ${before.label}`;
  const afterAlt = before.sibling ? `This image: ${after.alt}` : `After: ${after.alt}`;
  if (mode === "slider") {
    return (
      <CompareSlider
        before={{ src: before.url, alt: beforeAlt, label: before.sibling ? before.label : "Before" }}
        after={{ src: after.url, alt: afterAlt, label: before.sibling ? "This image" : "After" }}
      />
    );
  }
  return (
    <div className="absolute inset-0 grid grid-cols-2 gap-1">
      {[
        { src: before.url, alt: beforeAlt, label: before.label },
        { src: after.url, alt: afterAlt, label: "This image" },
      ].map((side) => (
        <figure key={side.label} className="relative min-w-0">
          <img src={side.src} alt={side.alt} className="absolute inset-0 size-full object-contain" />
          <figcaption className="pointer-events-none absolute top-3 left-3 rounded bg-black/70 px-2 py-0.5 text-xs font-semibold text-white">
            {side.label}
          </figcaption>
        </figure>
      ))}
    </div>
  );
}

interface ComparePickerProps {
  choices: CompareChoice[];
  selectedId: string;
  onSelect: (id: string) => void;
  mode: CompareMode;
  onModeChange: (mode: CompareMode) => void;
}

/** One click to compare with another input, a sibling or the original; and how to show it. */
export function ComparePicker({ choices, selectedId, onSelect, mode, onModeChange }: ComparePickerProps) {
  return (
    <div className="flex flex-col gap-3">
      <fieldset>
        <legend className="mb-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">Compare with</legend>
        <div className="flex flex-wrap gap-2">
          {choices.map((choice) => (
            <label
              key={choice.id}
              className="relative flex cursor-pointer flex-col items-center gap-1 rounded-md p-1 text-xs ring-1 ring-zinc-300 has-checked:ring-2 has-checked:ring-sky-500 has-focus-visible:outline-2 has-focus-visible:outline-sky-500 dark:ring-zinc-700"
            >
              <input type="radio" name="compare-with" className="absolute inset-0 z-10 size-full cursor-pointer opacity-0" checked={choice.id === selectedId} onChange={() => onSelect(choice.id)} />
              <img src={choice.thumbnailUrl} alt="" className="size-12 rounded object-cover" />
              {choice.label}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="flex gap-3 text-sm">
        <legend className="mb-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">Show</legend>
        {(["slider", "side-by-side"] as const).map((option) => (
          <label key={option} className="flex items-center gap-1.5">
            <input type="radio" name="compare-mode" checked={mode === option} onChange={() => onModeChange(option)} className="accent-sky-600" />
            {option === "slider" ? "Slider" : "Side by side"}
          </label>
        ))}
      </fieldset>
    </div>
  );
}

"use client";

import type { MouseEvent } from "react";
import type { GenerationView, ImageView } from "@/lib/shared/gallery/view";
import { MODEL_SPECS, STUDIO_MODELS, studioModelOf } from "@/lib/shared/seedream/models";
import type { ImageActions } from "./image-actions";
import { useOrganise } from "@/components/studio/boards/organise-context";

export interface ImageMenuItemsProps {
  image: ImageView;
  generation: GenerationView | null;
  label: string;
  actions: ImageActions;
}

const ITEM =
  "flex w-full items-center rounded-lg px-3 py-2 text-left text-sm font-medium text-zinc-800 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-500 pointer-coarse:min-h-11 dark:text-zinc-100 dark:hover:bg-zinc-800";

/** The actions in an image's "⋯" menu, each closing the menu before it runs. */
export function ImageMenuItems({ image, generation, label, actions }: ImageMenuItemsProps) {
  const organise = useOrganise();
  const close = (run: () => void) => (event: MouseEvent<HTMLButtonElement>) => {
    event.currentTarget.closest<HTMLElement>("[popover]")?.hidePopover();
    run();
  };
  return (
    <ul className="flex flex-col">
      <li>
        <button type="button" className={ITEM} onClick={close(() => actions.open(image))}>
          Open
        </button>
      </li>
      <li>
        <button type="button" className={ITEM} onClick={close(() => actions.useAsInput(image))}>
          Use as input
        </button>
      </li>
      <li>
        <button type="button" className={ITEM} onClick={close(() => actions.addToInputs(image))}>
          Add to inputs
        </button>
      </li>
      {generation && (
        <li>
          <button type="button" className={ITEM} onClick={close(() => actions.reuseSettings(generation))}>
            Reuse settings
          </button>
        </li>
      )}
      {generation &&
        otherModels(generation).map((model) => (
          <li key={model}>
            <button type="button" className={ITEM} onClick={close(() => actions.tryOnModel(generation, model))}>
              Try on {MODEL_SPECS[model].name}
            </button>
          </li>
        ))}
      <li>
        <button type="button" className={ITEM} onClick={close(() => actions.showLineage(image))}>
          Lineage
        </button>
      </li>
      <li>
        <button type="button" className={ITEM} onClick={close(() => actions.download(image, generation))}>
          Download
        </button>
      </li>
      <li>
        <button type="button" className={ITEM} onClick={close(() => organise.pickBoards([image.id], label))}>
          Boards…
        </button>
      </li>
      <li>
        <button type="button" className={ITEM} onClick={close(() => organise.share({ target: { kind: "image", imageId: image.id }, label }))}>
          Share image
        </button>
      </li>
      <li>
        <button
          type="button"
          className={ITEM}
          onClick={close(() => organise.share({ target: { kind: "lineage", imageId: image.id }, label: `the lineage of ${label}` }))}
        >
          Share lineage
        </button>
      </li>
      <li>
        <button type="button" className={`${ITEM} text-red-700 dark:text-red-300`} onClick={close(() => actions.remove(image))}>
          Delete
        </button>
      </li>
    </ul>
  );
}

/** "Try on Seedream 4.5": the step again on each other model that takes its inputs, to compare the two. */
function otherModels(generation: GenerationView) {
  const current = studioModelOf(generation.model);
  return STUDIO_MODELS.filter((model) => model !== current && generation.inputImageIds.length <= MODEL_SPECS[model].inputsMax);
}

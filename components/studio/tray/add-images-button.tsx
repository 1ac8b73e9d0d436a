"use client";

import dynamic from "next/dynamic";
import { withLazyPart } from "@/components/studio/lazy/lazy-part";
import { useRef } from "react";
import { ImageFilePicker } from "@/components/ui/file-picker";
import { PlusIcon } from "@/components/ui/icons";

// It shows nothing until the page has asked the device for a camera, so it can arrive after the first paint.
const TakePhotoButton = withLazyPart(dynamic(() => import("@/components/studio/camera/take-photo-button").then((module) => module.TakePhotoButton), { ssr: false }));
import type { Tray } from "./use-tray";

/** Picks pictures for the inputs from the device (or its camera), beside the prompt (dropping and pasting work too). */
export function AddImagesButton({ tray }: { tray: Tray }) {
  const picker = useRef<HTMLInputElement>(null);
  const full = tray.numbered.length >= tray.capacity;
  return (
    <>
      <ImageFilePicker ref={picker} onFiles={tray.addFiles} />
      <button
        type="button"
        onClick={() => picker.current?.click()}
        disabled={full}
        aria-label="Add images"
        title={full ? "The inputs are full" : `Add images to edit (up to ${tray.capacity}); or drop or paste them anywhere`}
        className="inline-flex size-11 shrink-0 items-center justify-center rounded-xl border border-zinc-300 bg-white text-zinc-700 transition-colors hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:cursor-not-allowed disabled:opacity-50 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-200 dark:hover:bg-zinc-800"
      >
        <PlusIcon />
      </button>
      <TakePhotoButton onFiles={tray.addFiles} disabled={full} />
    </>
  );
}

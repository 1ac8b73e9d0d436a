"use client";

import { useRef } from "react";
import { Button } from "@/components/ui/button";
import type { ImageView } from "@/lib/gallery/view";
import { INPUT_IMAGES_MAX } from "@/lib/seedream/limits";

interface InputTrayProps {
  inputs: ImageView[];
  uploading: boolean;
  error: string | null;
  onAddFiles: (files: File[]) => void;
  onRemove: (index: number) => void;
}

/** The reference images of the next edit, numbered in the order the model will see them. */
export function InputTray({ inputs, uploading, error, onAddFiles, onRemove }: InputTrayProps) {
  const picker = useRef<HTMLInputElement>(null);
  const full = inputs.length >= INPUT_IMAGES_MAX;

  return (
    <section aria-label="Input images" className="flex flex-col gap-2">
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-sm font-medium">Input images</h2>
        <span className="text-xs tabular-nums text-zinc-600 dark:text-zinc-300">
          {inputs.length} / {INPUT_IMAGES_MAX}
        </span>
      </div>
      {inputs.length > 0 && (
        <ol className="grid grid-cols-5 gap-2" aria-label="Tray">
          {inputs.map((image, index) => (
            <li key={`${image.id}-${index}`} className="relative">
              {/* Thumbnails come from the studio's own route; next/image would only re-encode them. */}
              <img
                src={image.thumbnailUrl}
                alt={`Image ${index + 1}${image.fileName ? `: ${image.fileName}` : ""}`}
                className="aspect-square w-full rounded-md object-cover"
              />
              <span className="absolute top-1 left-1 rounded bg-black/70 px-1 text-[10px] font-semibold text-white">
                {index + 1}
              </span>
              <button
                type="button"
                onClick={() => onRemove(index)}
                aria-label={`Remove image ${index + 1}`}
                className="absolute top-1 right-1 size-5 rounded-full bg-black/70 text-xs leading-none text-white hover:bg-black"
              >
                ×
              </button>
            </li>
          ))}
        </ol>
      )}
      <input
        ref={picker}
        type="file"
        accept="image/*"
        multiple
        hidden
        aria-hidden
        tabIndex={-1}
        onChange={(event) => {
          const files = Array.from(event.target.files ?? []);
          event.target.value = "";
          if (files.length > 0) onAddFiles(files);
        }}
      />
      <Button variant="secondary" onClick={() => picker.current?.click()} disabled={uploading || full}>
        {uploading ? "Uploading…" : "Add images"}
      </Button>
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </section>
  );
}

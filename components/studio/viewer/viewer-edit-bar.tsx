"use client";

import { useId, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { ImageFilePicker } from "@/components/ui/file-picker";
import { CloseIcon, PlusIcon } from "@/components/ui/icons";
import { prepareImage } from "@/lib/browser/prepare-image";
import type { ImageView } from "@/lib/shared/gallery/view";
import { INPUT_IMAGES_MAX, PROMPT_MAX_CHARS } from "@/lib/shared/seedream/limits";
import { errorOf, useUploadImages } from "@/components/studio/data/mutations";

export interface ViewerEdit {
  prompt: string;
  /** This image first, then the references in the order they were added. */
  inputImageIds: string[];
  /** The result takes this image's shape rather than the composer's size. */
  matchInputAspect: boolean;
  input: { width: number; height: number };
}

interface ViewerEditBarProps {
  image: ImageView;
  onEdit: (edit: ViewerEdit) => void;
}

const TARGET = "pointer-coarse:min-h-11 pointer-coarse:min-w-11";

/**
 * Edit where you look: a sentence under the large image makes an edit of it (it is image 1), with
 * more pictures as references if wanted. The result keeps this image's shape unless told otherwise.
 */
export function ViewerEditBar({ image, onEdit }: ViewerEditBarProps) {
  const id = useId();
  const [prompt, setPrompt] = useState("");
  const [references, setReferences] = useState<ImageView[]>([]);
  const [matchAspect, setMatchAspect] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const upload = useUploadImages(() => undefined);
  const room = INPUT_IMAGES_MAX - 1 - references.length;

  const addReferences = async (files: File[]) => {
    setProblem(null);
    try {
      const prepared = await Promise.all(files.slice(0, room).map((file) => prepareImage(file)));
      const images = await upload.mutateAsync(prepared);
      setReferences((current) => [...current, ...images].slice(0, INPUT_IMAGES_MAX - 1));
    } catch (error) {
      setProblem(errorOf(error).message);
    }
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = prompt.trim();
    if (!text) {
      setProblem("Describe the edit first, e.g. “make it night”.");
      return;
    }
    if (text.length > PROMPT_MAX_CHARS) {
      setProblem(`The description is ${text.length} characters; the limit is ${PROMPT_MAX_CHARS}.`);
      return;
    }
    onEdit({ prompt: text, inputImageIds: [image.id, ...references.map((reference) => reference.id)], matchInputAspect: matchAspect, input: { width: image.width, height: image.height } });
  };

  return (
    <form aria-label="Edit this image" onSubmit={submit} noValidate className="flex flex-col gap-2 border-t border-zinc-200 p-2 sm:p-3 dark:border-zinc-800">
      <div className="flex items-end gap-2">
        <ImageFilePicker ref={picker} onFiles={(files) => void addReferences(files)} />
        <Button
          variant="secondary"
          onClick={() => picker.current?.click()}
          disabled={room <= 0 || upload.isPending}
          title="Add a picture for the model to use beside this one (image 2, 3…)"
          className={`h-11 shrink-0 px-3 ${TARGET}`}
        >
          <PlusIcon />
          <span className="max-sm:sr-only">{upload.isPending ? "Adding…" : "Reference"}</span>
        </Button>
        <label htmlFor={`${id}-edit`} className="sr-only">
          Describe the edit
        </label>
        <textarea
          id={`${id}-edit`}
          value={prompt}
          onChange={(event) => setPrompt(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              event.currentTarget.form?.requestSubmit();
            }
          }}
          rows={1}
          placeholder="Describe the edit: make it night, add snow…"
          aria-describedby={problem ? `${id}-problem` : undefined}
          className="max-h-32 min-h-11 min-w-0 flex-1 resize-none rounded-xl border border-zinc-300 bg-white px-3 py-2.5 text-sm outline-none field-sizing-content placeholder:text-zinc-500 focus-visible:border-sky-500 focus-visible:ring-2 focus-visible:ring-sky-500/40 dark:border-zinc-700 dark:bg-zinc-950 dark:placeholder:text-zinc-400"
        />
        <Button type="submit" className={`h-11 shrink-0 ${TARGET}`}>
          Edit
        </Button>
      </div>
      <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-700 dark:text-zinc-300">
        <label className={`inline-flex items-center gap-2 ${TARGET}`}>
          <input type="checkbox" checked={matchAspect} onChange={(event) => setMatchAspect(event.target.checked)} className="size-4 accent-sky-600" />
          Match input aspect ({image.width}×{image.height})
        </label>
        {references.length > 0 && (
          <ol aria-label="References" className="flex items-center gap-1.5">
            {references.map((reference, index) => (
              <li key={reference.id} className="relative">
                <img src={reference.thumbnailUrl} alt={`Reference image ${index + 2}`} className="size-11 rounded-md object-cover" />
                <button
                  type="button"
                  aria-label={`Remove reference image ${index + 2}`}
                  onClick={() => setReferences((current) => current.filter((other) => other.id !== reference.id))}
                  className="absolute -top-1 -right-1 inline-flex size-6 items-center justify-center rounded-full bg-black/75 text-white focus-visible:outline-2 focus-visible:outline-sky-500"
                >
                  <CloseIcon />
                </button>
              </li>
            ))}
          </ol>
        )}
      </div>
      {problem && (
        <p id={`${id}-problem`} role="alert" className="text-xs text-red-700 dark:text-red-400">
          {problem}
        </p>
      )}
    </form>
  );
}

"use client";

import { useRef, useState } from "react";
import type { GalleryPageView, ImageView } from "@/lib/gallery/view";
import { INPUT_IMAGES_MAX } from "@/lib/seedream/limits";
import { Gallery } from "./gallery";
import { InputTray } from "./input-tray";
import { errorOf, useCancelGeneration, useDeleteImage, useRetryGeneration, useStartGeneration, useUploadImages } from "./mutations";
import { PromptForm } from "./prompt-form";
import { useGallery, usePendingPolling } from "./queries";

/** The working area: form and tray on one side, the visitor's gallery on the other. */
export function Studio({ initialGallery }: { initialGallery: GalleryPageView }) {
  const [inputs, setInputs] = useState<ImageView[]>([]);
  const promptRef = useRef<HTMLTextAreaElement>(null);
  const addInputs = (images: ImageView[]) => setInputs((current) => [...current, ...images].slice(0, INPUT_IMAGES_MAX));

  const gallery = useGallery(initialGallery);
  usePendingPolling(gallery.data);
  const start = useStartGeneration();
  const retry = useRetryGeneration();
  const cancel = useCancelGeneration();
  const remove = useDeleteImage();
  const upload = useUploadImages(addInputs);

  const items = gallery.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <main className="mx-auto grid w-full max-w-7xl flex-1 gap-6 p-4 md:grid-cols-[minmax(18rem,26rem)_1fr]">
      <section aria-label="Create" className="flex flex-col gap-4 md:sticky md:top-4 md:self-start">
        <PromptForm
          promptRef={promptRef}
          inputCount={inputs.length}
          onGenerate={(settings) => start.mutate({ settings, inputImageIds: inputs.map((image) => image.id) })}
        >
          <InputTray
            inputs={inputs}
            uploading={upload.isPending}
            error={upload.isError ? errorOf(upload.error).message : null}
            onAddFiles={(files) => upload.mutate(files)}
            onRemove={(index) => setInputs((current) => current.filter((_, at) => at !== index))}
          />
        </PromptForm>
      </section>
      <section aria-label="Gallery">
        <Gallery
          items={items}
          hasMore={gallery.hasNextPage}
          loadingMore={gallery.isFetchingNextPage}
          onLoadMore={() => void gallery.fetchNextPage()}
          onCancel={(generation) => cancel.mutate(generation.id)}
          onRetry={(generation) => retry.mutate(generation)}
          onUseAsInput={(image) => {
            setInputs([image]);
            promptRef.current?.focus();
          }}
          onDelete={(image) => {
            remove.mutate(image.id);
            setInputs((current) => current.filter((input) => input.id !== image.id));
          }}
        />
      </section>
    </main>
  );
}

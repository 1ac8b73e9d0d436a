"use client";

import { useCallback, useMemo, useRef, useState } from "react";
import type { GalleryPageView, GenerationView, ImageView } from "@/lib/shared/gallery/view";
import { renumberMentions } from "@/lib/shared/prompt/mentions";
import { MODEL_SPECS } from "@/lib/shared/seedream/models";
import { downloadImage } from "./gallery/download";
import { DEFAULT_FORM_SETTINGS, formAfterRun, settingsFromGeneration } from "./composer/form-settings";
import { Gallery } from "./gallery/gallery";
import type { ImageActions } from "./gallery/image-actions";
import { InputTray } from "./tray/input-tray";
import type { LineageActions } from "./lineage/lineage-dialog";
import { LineageDialog } from "./lineage/lineage-dialog-lazy";
import { errorOf, useCancelGeneration, useDeleteImage, useReplayChain, useRetryGeneration, useStartGeneration, useTryOnModel } from "./data/mutations";
import { PageDropZone } from "./tray/page-drop-zone";
import { PromptForm } from "./composer/prompt-form";
import { StudioNotices } from "./notices/studio-notices-lazy";
import { useGallery, usePendingPolling } from "./data/queries";
import { useLiveEvents } from "./data/use-live-events";
import { UNDO_WINDOW_MS, useDeferredDelete } from "./gallery/use-deferred-delete";
import { useRunAfterUploads } from "./composer/use-run-after-uploads";
import { useTray } from "./tray/use-tray";
import type { ViewerEntry } from "./viewer/viewer";
import { Viewer } from "./viewer/viewer-lazy";
import { MarksProvider } from "./marks/marks-provider";
import { useAppliedMarks } from "./marks/use-applied-marks";
import { withNote } from "@/lib/shared/marks/note";
import { SelectionProvider } from "./batch/selection";
import { batchSettings } from "./batch/batch-settings";
import { isFiltering, useOrganise } from "./boards/organise-context";
import { useFilteredGallery } from "./boards/board-data";
import { GallerySearch } from "./boards/gallery-search";
import { BoardDropTargets } from "./boards/board-drop-targets-lazy";

/** The working area: form and tray on one side, the visitor's gallery on the other. */
export function Studio({ initialGallery, engine }: { initialGallery: GalleryPageView; engine: "aimlapi" | "local" }) {
  const [form, setForm] = useState(DEFAULT_FORM_SETTINGS);
  const [viewerId, setViewerId] = useState<string | null>(null);
  // An image reached through its lineage that the gallery has not loaded (or no longer lists).
  const [viewerExtra, setViewerExtra] = useState<ViewerEntry | null>(null);
  const [viewerCompare, setViewerCompare] = useState(false);
  const [lineageId, setLineageId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [dismissedToastId, setDismissedToastId] = useState<string | null>(null);
  const promptRef = useRef<HTMLTextAreaElement>(null);
  const galleryRef = useRef<HTMLElement>(null);
  // The prompt's "image N" follow their pictures when the tray's order changes.
  const tray = useTray({
    onRenumber: (change) => setForm((current) => ({ ...current, prompt: renumberMentions(current.prompt, change) })),
    capacity: MODEL_SPECS[form.model].inputsMax,
  });

  const marks = useAppliedMarks();
  const whole = useGallery(initialGallery);
  const { filter } = useOrganise();
  const filtered = useFilteredGallery(filter, isFiltering(filter));
  // Search and filters are answered by the server, page by page, like the whole gallery.
  const gallery = isFiltering(filter) ? filtered : whole;
  const live = useLiveEvents();
  usePendingPolling(whole.data, { live });
  const start = useStartGeneration();
  const retry = useRetryGeneration();
  const cancel = useCancelGeneration();
  const remove = useDeleteImage();
  const replay = useReplayChain();
  const branch = useTryOnModel();
  const { removeImage } = tray;
  const commitDelete = useCallback(
    (image: ImageView) => {
      remove.mutate(image.id);
      removeImage(image.id);
    },
    [remove, removeImage],
  );
  const deferred = useDeferredDelete(commitDelete);

  const items = useMemo(() => gallery.data?.pages.flatMap((page) => page.items) ?? [], [gallery.data]);
  const viewerEntries = useMemo(() => {
    const listed = items
      .flatMap((item): ViewerEntry[] =>
        item.kind === "upload"
          ? [{ image: item.image, generation: null }]
          : item.generation.outputs.map((image) => ({ image, generation: item.generation })),
      )
      .filter((entry) => !deferred.hiddenIds.has(entry.image.id));
    const extraListed = !viewerExtra || listed.some((entry) => entry.image.id === viewerExtra.image.id);
    return extraListed ? listed : [...listed, viewerExtra];
  }, [items, deferred.hiddenIds, viewerExtra]);

  const openViewer = (entry: ViewerEntry, compare = false) => {
    setViewerExtra(entry);
    setViewerCompare(compare);
    setLineageId(null);
    setViewerId(entry.image.id);
  };
  const replayChain = (image: ImageView) => {
    revealNewest();
    replay.mutate(image.id, { onError: (error) => setNotice(`Replay did not start: ${errorOf(error).message}`) });
  };
  const lineageActions: LineageActions = {
    open: (image, generation) => openViewer({ image, generation }),
    compare: (image, generation) => openViewer({ image, generation }, true),
    // The dialog has closed by then (see LineageDialog), so the prompt box keeps the focus.
    continueFrom: (image, generation) => useAsInput(image, generation),
    replay: (image) => {
      setLineageId(null);
      replayChain(image);
    },
  };

  // A new job's card goes on top: someone scrolled down the gallery is brought back up to watch it.
  const revealNewest = () => {
    const top = galleryRef.current?.getBoundingClientRect().top;
    if (top !== undefined && top < 0) window.scrollBy({ top, behavior: "instant" });
  };

  const runner = useRunAfterUploads(
    tray,
    ({ model, settings }) => {
      const input = marks.prepare({ model, settings, inputImageIds: tray.readyImages.map((image) => image.id) }, tray.readyImages, setNotice);
      if (!input) return;
      revealNewest();
      start.mutate({ ...input, requestId: crypto.randomUUID() });
      setForm(formAfterRun);
    },
    setNotice,
  );

  // Callers pass the image alone; the tray also wants the result it was, to show where it came from.
  const generationOf = (image: ImageView) => viewerEntries.find((entry) => entry.image.id === image.id)?.generation ?? null;
  const addToInputs = (image: ImageView) => tray.addImages([image], generationOf(image));
  const useAsInput = (image: ImageView, generation: GenerationView | null = generationOf(image)) => {
    tray.replaceWith(image, generation);
    setViewerId(null);
    promptRef.current?.focus();
  };
  const actions: ImageActions = {
    open: (image) => {
      setViewerCompare(false);
      setViewerId(image.id);
    },
    showLineage: (image) => setLineageId(image.id),
    useAsInput: (image) => useAsInput(image),
    addToInputs,
    reuseSettings: (generation) => {
      setForm((current) => settingsFromGeneration(generation, current));
      promptRef.current?.focus();
    },
    tryOnModel: (generation, model) => {
      revealNewest();
      branch.mutate(
        { generationId: generation.id, model },
        { onError: (error) => setNotice(`${MODEL_SPECS[model].name} did not start: ${errorOf(error).message}`) },
      );
    },
    download: downloadImage,
    remove: (image) => {
      if (viewerId === image.id) setViewerId(null);
      deferred.schedule(image);
    },
  };

  return (
    <MarksProvider
      marks={marks}
      trayImages={tray.readyImages}
      onNoteChange={(before, after) => setForm((current) => ({ ...current, prompt: withNote(current.prompt, before, after) }))}
    >
      <SelectionProvider support={{ engine, items, settingsFor: (prompt) => batchSettings(form, prompt) }}>
      <PageDropZone onFiles={tray.addFiles} onImages={(images) => images.forEach(addToInputs)} imageTargets={<BoardDropTargets />}>
        <main className="mx-auto grid w-full max-w-7xl flex-1 gap-6 p-4 md:grid-cols-[minmax(18rem,26rem)_minmax(0,1fr)]">
          <section aria-label="Create" className="flex min-w-0 flex-col gap-4 md:sticky md:top-4 md:max-h-[calc(100dvh-2rem)] md:self-start md:overflow-y-auto">
            <PromptForm
              form={form}
              onFormChange={setForm}
              promptRef={promptRef}
              inputCount={tray.readyImages.length}
              references={tray.numbered}
              engine={engine}
              waitingForUploads={runner.waitingFor}
              onGenerate={runner.generate}
            >
              <InputTray tray={tray} />
            </PromptForm>
          </section>
          <section ref={galleryRef} aria-label="Gallery" className="flex min-w-0 flex-col gap-3">
            <GallerySearch />
            <Gallery
              items={items}
              hiddenIds={deferred.hiddenIds}
              hasMore={gallery.hasNextPage}
              loadingMore={gallery.isFetchingNextPage}
              onLoadMore={() => void gallery.fetchNextPage()}
              onCancel={(generation) => cancel.mutate(generation.id)}
              onRetry={(generation) => retry.mutate(generation)}
              actions={actions}
            />
          </section>
        </main>
      </PageDropZone>
      </SelectionProvider>
      <Viewer
        entries={viewerEntries}
        openId={viewerId}
        onOpenIdChange={setViewerId}
        onOpenEntry={(entry) => openViewer(entry, viewerCompare)}
        onShowLineage={(image) => {
          setViewerId(null);
          setLineageId(image.id);
        }}
        onReplay={(image) => {
          setViewerId(null);
          replayChain(image);
        }}
        compareOnOpen={viewerCompare}
        onUseAsInput={useAsInput}
      />
      <LineageDialog imageId={lineageId} onClose={() => setLineageId(null)} actions={lineageActions} />
      <StudioNotices
        notice={notice}
        onDismissNotice={() => setNotice(null)}
        deletion={{
          open: deferred.latest !== null && deferred.latest.id !== dismissedToastId,
          durationMs: UNDO_WINDOW_MS,
          // Closing the notice (Esc, swipe, time) is not an undo: the delete goes ahead.
          onClose: () => {
            if (deferred.latest) setDismissedToastId(deferred.latest.id);
          },
          onUndo: () => {
            if (deferred.latest) deferred.undo(deferred.latest.id);
          },
        }}
      />
    </MarksProvider>
  );
}

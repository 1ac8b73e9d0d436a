"use client";

import { startTransition, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { GalleryPageView, GenerationView, ImageView } from "@/lib/shared/gallery/view";
import { renumberMentions } from "@/lib/shared/prompt/mentions";
import { MODEL_SPECS } from "@/lib/shared/seedream/models";
import { DEFAULT_FORM_SETTINGS, formAfterRun, SETTINGS_STORAGE_KEY, settingsFromGeneration } from "./composer/form-settings";
import type { ViewerEdit } from "./viewer/viewer-edit-bar";
import { Gallery } from "./gallery/gallery";
import type { ImageActions } from "./gallery/image-actions";
import { InputTray } from "./tray/input-tray-lazy";
import { AddImagesButton } from "./tray/add-images-button";
import type { StoredTrayEntry } from "./tray/tray-state";
import { composerChecks } from "./composer/composer-checks-lazy";
import { useLazyModule } from "./lazy/lazy-module";
import { LazyPart } from "./lazy/lazy-part";
import { useDismissGeneration } from "./data/dismiss";
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
import { marksRuntime } from "./marks/marks-runtime-lazy";
import { SelectionProvider } from "./batch/selection";
import { isFiltering, useOrganise } from "./boards/organise-context";
import { useFilteredGallery } from "./boards/board-data";
import { GallerySearch } from "./boards/gallery-search";
import { BoardDropTargets } from "./boards/board-drop-targets-lazy";

interface StudioProps {
  initialGallery: GalleryPageView;
  engine: "aimlapi" | "local";
}

/** The working area: the wall of images, and the composer docked at the bottom of the screen. */
export function Studio({ initialGallery, engine }: StudioProps) {
  const [form, setForm] = useState(DEFAULT_FORM_SETTINGS);
  const [replaced, setReplaced] = useState<{ entries: StoredTrayEntry[]; message: string } | null>(null);
  const [viewerId, setViewerId] = useState<string | null>(null);
  // An image reached through its lineage that the gallery has not loaded (or no longer lists).
  const [viewerExtra, setViewerExtra] = useState<ViewerEntry | null>(null);
  const [viewerCompare, setViewerCompare] = useState(false);
  const [lineageId, setLineageId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [dismissedToastId, setDismissedToastId] = useState<string | null>(null);
  const promptRef = useRef<HTMLTextAreaElement>(null);
  const galleryRef = useRef<HTMLElement>(null);
  const composerRef = useRef<HTMLDivElement>(null);
  const mainRef = useRef<HTMLElement>(null);
  // The gallery's end stays clear of the docked composer, however tall the inputs make it.
  useEffect(() => {
    const composer = composerRef.current;
    const main = mainRef.current;
    if (!composer || !main) return;
    const observer = new ResizeObserver(() => {
      const height = composer.getBoundingClientRect().height;
      // The selection's button (and on a phone its panel) floats above the composer: reserved too.
      main.style.paddingBottom = `calc(${height + 32}px + var(--selection-height, 0px))`;
      // Whatever gets the focus or is scrolled to lands above the composer, never under it.
      document.documentElement.style.scrollPaddingBottom = `calc(${height + 16}px + var(--selection-height, 0px))`;
      // The selection's floating buttons sit above it too.
      document.documentElement.style.setProperty("--composer-height", `${height + 8}px`);
    });
    observer.observe(composer);
    return () => observer.disconnect();
  }, []);
  // The prompt's "image N" follow their pictures when the tray's order changes.
  const tray = useTray({
    onRenumber: (change) => setForm((current) => ({ ...current, prompt: renumberMentions(current.prompt, change) })),
    capacity: MODEL_SPECS[form.model].inputsMax,
  });

  // The choices of the last visit come back after hydration (the server cannot know them), once
  // the checks that read them have arrived; nothing is written over them before.
  const checks = useLazyModule(composerChecks);
  const settingsRestored = useRef(false);
  useEffect(() => {
    if (!checks) return;
    if (!settingsRestored.current) {
      settingsRestored.current = true;
      setForm((current) => ({ ...checks.restoreSettings(readSetting(), current), prompt: current.prompt }));
      return;
    }
    writeSetting(JSON.stringify(checks.rememberedOf(form)));
  }, [form, checks]);

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
  const dismiss = useDismissGeneration(setNotice);
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
      setViewerId(null);
      replayChain(image);
    },
  };

  // A new job's card goes on top: someone scrolled down the gallery is brought back up to watch it.
  const revealNewest = () => {
    const top = galleryRef.current?.getBoundingClientRect().top;
    if (top !== undefined && top < 0) window.scrollBy({ top, behavior: "instant" });
  };

  // Not urgent: rendered at once, the whole studio's render (about 10 ms) would come before the start's
  // request, whose sending waits for the event's sync work; as a transition it follows the request.
  const resetAfterRun = () => startTransition(() => setForm(formAfterRun));

  const firstInput = tray.readyImages[0] ?? null;
  const runner = useRunAfterUploads(
    tray,
    ({ model, settings }) => {
      const input = marks.prepare({ model, settings, inputImageIds: tray.readyImages.map((image) => image.id) }, tray.readyImages, setNotice);
      if (!input) return;
      revealNewest();
      start.mutate({ ...input, requestId: crypto.randomUUID() });
      resetAfterRun();
    },
    setNotice,
  );

  // An edit described in the viewer runs with the composer's other choices (model, count, seed, safety).
  const editFromViewer = async ({ prompt, inputImageIds, matchInputAspect, input }: ViewerEdit) => {
    const loaded = await composerChecks.load().catch(() => null);
    if (!loaded) {
      setNotice("The edit was not sent: part of the page did not load; check your connection and try again.");
      return;
    }
    const check = loaded.toGenerationSettings({ ...form, prompt, matchInputAspect }, inputImageIds.length, input);
    if (!check.ok) {
      setNotice(`The edit was not sent: ${Object.values(check.problems)[0] ?? "a setting is not valid."}`);
      return;
    }
    revealNewest();
    start.mutate({ model: form.model, settings: check.settings, inputImageIds, requestId: crypto.randomUUID() });
    resetAfterRun();
  };

  // Callers pass the image alone; the tray also wants the result it was, to show where it came from.
  const generationOf = (image: ImageView) => viewerEntries.find((entry) => entry.image.id === image.id)?.generation ?? null;
  const addToInputs = (image: ImageView) => tray.addImages([image], generationOf(image));
  const useAsInput = (image: ImageView, generation: GenerationView | null = generationOf(image)) => {
    const before = tray.replaceWith(image, generation);
    if (before) {
      const count = before.length === 1 ? "1 image" : `${before.length} images`;
      setReplaced({ entries: before, message: `Inputs replaced: this image now stands in for the ${count} there before.` });
    }
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
    // Naming and fetching the file happen on the first download, not with the page.
    download: (image, generation) => void import("./gallery/download").then((module) => module.downloadImage(image, generation)),
    remove: (image) => {
      if (viewerId === image.id) setViewerId(null);
      deferred.schedule(image);
    },
  };

  return (
    <MarksProvider
      marks={marks}
      trayImages={tray.readyImages}
      onNoteChange={(before, after) =>
        void marksRuntime.load().then(({ withNote }) => setForm((current) => ({ ...current, prompt: withNote(current.prompt, before, after) })))
      }
    >
      <SelectionProvider support={{ engine, items, form }}>
      <PageDropZone onFiles={tray.addFiles} onImages={(images) => images.forEach(addToInputs)} imageTargets={<BoardDropTargets />}>
        <main ref={mainRef} className="mx-auto w-full max-w-[100rem] flex-1 px-3 pt-3 pb-64 sm:px-4 sm:pr-[calc(1rem+var(--selection-width,0px))]">
          <section ref={galleryRef} id="gallery" tabIndex={-1} aria-label="Gallery" className="flex min-w-0 scroll-mt-4 flex-col gap-3 outline-none">
            <GallerySearch />
            <Gallery
              items={items}
              hiddenIds={deferred.hiddenIds}
              hasMore={gallery.hasNextPage}
              loadingMore={gallery.isFetchingNextPage}
              onLoadMore={() => void gallery.fetchNextPage()}
              onCancel={(generation) => cancel.mutate(generation.id)}
              onRetry={(generation) => retry.mutate(generation)}
              onDismiss={(generation) => dismiss.mutate(generation)}
              actions={actions}
            />
          </section>
        </main>
        <section
          aria-label="Create"
          className="pointer-events-none fixed inset-x-0 bottom-0 z-30 flex justify-center px-2 pb-[max(0.5rem,env(safe-area-inset-bottom))] sm:px-4 sm:pb-4"
        >
          <div ref={composerRef} className="pointer-events-auto w-full max-w-3xl">
            <PromptForm
              form={form}
              onFormChange={setForm}
              promptRef={promptRef}
              inputCount={tray.readyImages.length}
              references={tray.numbered}
              engine={engine}
              waitingForUploads={runner.waitingFor}
              onGenerate={runner.generate}
              firstInput={firstInput && { width: firstInput.width, height: firstInput.height }}
              addImages={<AddImagesButton tray={tray} />}
            >
              {(tray.items.length > 0 || tray.error) && <InputTray tray={tray} />}
            </PromptForm>
          </div>
        </section>
      </PageDropZone>
      </SelectionProvider>
      <Viewer
        entries={viewerEntries}
        openId={viewerId}
        onOpenIdChange={setViewerId}
        onOpenEntry={(entry) => openViewer(entry, viewerCompare)}
        // The lineage opens over the viewer, so closing it goes back to the image.
        onShowLineage={(image) => setLineageId(image.id)}
        onReplay={(image) => {
          setViewerId(null);
          replayChain(image);
        }}
        compareOnOpen={viewerCompare}
        onEdit={editFromViewer}
        onUseAsInput={useAsInput}
      />
      <LineageDialog imageId={lineageId} onClose={() => setLineageId(null)} actions={lineageActions} />
      {/* Without the notices' script, a notice still reaches the person, as plain text. */}
      <LazyPart fallback={notice && <p role="status" className="fixed inset-x-3 bottom-3 z-50 rounded-lg bg-zinc-900 p-3 text-sm text-white">{notice}</p>}>
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
          replacement={{
            message: replaced?.message ?? null,
            onClose: () => setReplaced(null),
            onUndo: () => {
              if (replaced) tray.restore(replaced.entries);
              setReplaced(null);
            },
          }}
        />
      </LazyPart>
    </MarksProvider>
  );
}

/** Storage can be missing or refuse (private windows, quota): the choices then last one page view. */
function readSetting(): string | null {
  try {
    return window.localStorage.getItem(SETTINGS_STORAGE_KEY);
  } catch {
    return null;
  }
}

function writeSetting(value: string): void {
  try {
    window.localStorage.setItem(SETTINGS_STORAGE_KEY, value);
  } catch {
    // See readSetting.
  }
}

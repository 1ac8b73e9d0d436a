"use client";

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { loadImagePreparation, warmUpImagePreparationWhenIdle } from "@/lib/browser/prepare-image-lazy";
import type { GenerationView, ImageView } from "@/lib/shared/gallery/view";
import type { Renumbering } from "@/lib/shared/prompt/mentions";
import {
  moveItem,
  overflowSentence,
  renumbering,
  sourceOf,
  takeRoom,
  TRAY_CAPACITY,
  TRAY_MAX_HELD,
  type StoredTrayEntry,
  type TraySource,
} from "@/components/studio/tray/tray-state";
import { displayFileName } from "@/lib/shared/uploads/file-name";
import { readStoredTray, writeStoredTray } from "@/components/studio/tray/stored-tray";
import { traySourceReader } from "@/components/studio/tray/tray-source-lazy";
import { errorOf, useUploadImages } from "@/components/studio/data/mutations";

/** One place in the tray: an image the studio holds, or a file still being prepared and uploaded. */
export interface TrayItem {
  key: string;
  /** Where it came from; sourceLabel says it in words ("red.png", "Result 2 of “…”"). */
  source: TraySource;
  status: "preparing" | "uploading" | "ready" | "failed";
  image: ImageView | null;
  /** A local preview while the file is on its way. */
  previewUrl: string | null;
  error: string | null;
}

export interface Tray {
  /** The numbered items in order (preparing, uploading or ready), then the failed ones. */
  items: TrayItem[];
  /** Just the numbered ones: index 0 is "Image 1". */
  numbered: TrayItem[];
  /** How many the chosen model takes; a tray filled for another model may hold more. */
  capacity: number;
  /** The ready images, in tray order: what the next edit sends. */
  readyImages: ImageView[];
  /** Something is still being prepared or uploaded: its number is taken but it is not sent yet. */
  busy: boolean;
  /** About the tray as a whole (too many images); a failed file carries its own `error`. */
  error: string | null;
  addFiles(files: File[]): void;
  /** `generation`, when known, is the one the images came out of: the tiles then say which result. */
  addImages(images: ImageView[], generation?: GenerationView | null): void;
  /**
   * A new tray: it does not renumber anything, since what the prompt meant no longer applies.
   * Answers with the ready images it replaced (for Undo), or null when it replaced nothing else.
   */
  replaceWith(image: ImageView, generation?: GenerationView | null): StoredTrayEntry[] | null;
  /** Puts back a tray that `replaceWith` replaced. */
  restore(entries: StoredTrayEntry[]): void;
  remove(key: string): void;
  /** Positions among the numbered items: 0 is "Image 1". */
  move(from: number, to: number): void;
  /** Takes a deleted image out of the tray, wherever it is. */
  removeImage(imageId: string): void;
}

interface TrayState {
  /** Numbered, in the order the model sees them. */
  entries: TrayItem[];
  failures: TrayItem[];
  error: string | null;
  /** The stored tray has been read; saving before that would overwrite it with nothing. */
  restored: boolean;
}

const EMPTY: TrayState = { entries: [], failures: [], error: null, restored: false };

interface TrayOptions {
  /**
   * Told, as the tray changes, how numbers already in use moved: old number → new number, or null
   * for an input that left (removed, deleted, or an upload that failed). Appending tells nothing.
   */
  onRenumber?: (change: Renumbering) => void;
  /** How many inputs the chosen model takes: adding stops there (a switch may leave more held). */
  capacity?: number;
}

const readyItem = ({ image, source }: StoredTrayEntry): TrayItem => ({
  key: `image-${image.id}`,
  source,
  status: "ready",
  image,
  previewUrl: null,
  error: null,
});

const keysOf = (items: TrayItem[]) => items.map((item) => item.key);

const heldImageIds = (items: TrayItem[]) => new Set(items.flatMap((item) => (item.image ? [item.image.id] : [])));

const revokePreview = (item: TrayItem) => {
  if (item.previewUrl) URL.revokeObjectURL(item.previewUrl);
};

/** Uploads land in the gallery through the mutation's cache update; the tray takes its own result. */
const NOTHING_MORE = () => undefined;

/**
 * The input tray's state. Files are prepared in the browser (prepareImage) and uploaded one by one,
 * each keeping its place while it travels; the ready images are kept in localStorage so that a
 * reload keeps the tray.
 */
export function useTray({ onRenumber, capacity = TRAY_CAPACITY }: TrayOptions = {}): Tray {
  const [state, setState] = useState<TrayState>(EMPTY);
  // The latest state, readable at once: two drops in one tick must both see the room left.
  const latest = useRef(state);
  const nextKey = useRef(0);
  const { mutateAsync: upload } = useUploadImages(NOTHING_MORE);
  const renumbered = useRef(onRenumber);
  const room = useRef(capacity);
  useLayoutEffect(() => {
    renumbered.current = onRenumber;
    room.current = capacity;
  });

  // The change of numbers is worked out here, where it happens, so each move is told exactly once.
  const update = useCallback((change: (current: TrayState) => TrayState, { startsOver = false } = {}) => {
    const before = latest.current.entries;
    latest.current = change(latest.current);
    setState(latest.current);
    const moved = startsOver ? null : renumbering(keysOf(before), keysOf(latest.current.entries));
    if (moved) renumbered.current?.(moved);
  }, []);

  const patch = useCallback(
    (key: string, change: Partial<TrayItem>) =>
      update((current) => ({ ...current, entries: current.entries.map((item) => (item.key === key ? { ...item, ...change } : item)) })),
    [update],
  );

  const fail = useCallback(
    (key: string, error: string) =>
      update((current) => {
        const item = current.entries.find((entry) => entry.key === key);
        if (!item) return current;
        revokePreview(item);
        const failed: TrayItem = { ...item, status: "failed", previewUrl: null, error };
        return { ...current, entries: current.entries.filter((entry) => entry.key !== key), failures: [...current.failures, failed] };
      }),
    [update],
  );

  // The worker's preview (a phone photo drawn at 256 px) shows while the photo is encoded and sent.
  const showPreview = useCallback(
    (key: string, preview: Blob) => {
      const item = latest.current.entries.find((entry) => entry.key === key);
      if (!item) return;
      revokePreview(item);
      patch(key, { previewUrl: URL.createObjectURL(preview) });
    },
    [patch],
  );

  const send = useCallback(
    async (key: string, file: File) => {
      const { prepareImage } = await loadImagePreparation();
      const prepared = await prepareImage(file, { onPreview: (preview) => showPreview(key, preview) });
      // Removed, or replaced by "Use as input", while it was being prepared: nothing to upload.
      if (!latest.current.entries.some((item) => item.key === key)) return;
      patch(key, { status: "uploading" });
      try {
        const [image] = await upload([prepared]);
        if (!image) throw new Error("The upload answered without an image.");
        patch(key, { status: "ready", image, source: { kind: "upload", fileName: image.fileName ?? displayFileName(file.name) } });
      } catch (error) {
        fail(key, errorOf(error).message);
      }
    },
    [fail, patch, showPreview, upload],
  );

  const addFiles = useCallback(
    (files: File[]) => {
      if (files.length === 0) return;
      const { kept, leftOut } = takeRoom(files, latest.current.entries.length, room.current);
      const added = kept.map(
        (file): TrayItem => ({
          key: `file-${(nextKey.current += 1)}`,
          source: { kind: "upload", fileName: displayFileName(file.name) },
          status: "preparing",
          image: null,
          // Not the file itself: a 24 MP photo would be decoded whole on the page for a 96 px tile.
          previewUrl: null,
          error: null,
        }),
      );
      update((current) => ({
        ...current,
        entries: [...current.entries, ...added],
        error: leftOut > 0 ? overflowSentence(leftOut, room.current) : null,
      }));
      added.forEach((item, index) => void send(item.key, kept[index]!));
    },
    [send, update],
  );

  const addImages = useCallback(
    (images: ImageView[], generation?: GenerationView | null) => {
      const held = heldImageIds(latest.current.entries);
      const fresh = images.filter((image, index) => !held.has(image.id) && images.findIndex((other) => other.id === image.id) === index);
      const { kept, leftOut } = takeRoom(fresh, latest.current.entries.length, room.current);
      update((current) => ({
        ...current,
        entries: [...current.entries, ...kept.map((image) => readyItem({ image, source: sourceOf(image, generation) }))],
        error: leftOut > 0 ? overflowSentence(leftOut, room.current) : null,
      }));
    },
    [update],
  );

  const replaceWith = useCallback(
    (image: ImageView, generation?: GenerationView | null) => {
      const before = latest.current.entries.flatMap((item): StoredTrayEntry[] =>
        item.status === "ready" && item.image ? [{ image: item.image, source: item.source }] : [],
      );
      const replacedOthers = before.some((entry) => entry.image.id !== image.id) || latest.current.entries.length > before.length;
      update(
        (current) => {
          [...current.entries, ...current.failures].forEach(revokePreview);
          return { ...current, entries: [readyItem({ image, source: sourceOf(image, generation) })], failures: [], error: null };
        },
        { startsOver: true },
      );
      return replacedOthers ? before : null;
    },
    [update],
  );

  const restore = useCallback(
    (entries: StoredTrayEntry[]) =>
      update((current) => ({ ...current, entries: entries.slice(0, TRAY_CAPACITY).map(readyItem), failures: [], error: null }), { startsOver: true }),
    [update],
  );

  const removeWhere = useCallback(
    (leaves: (item: TrayItem) => boolean) =>
      update((current) => {
        [...current.entries, ...current.failures].filter(leaves).forEach(revokePreview);
        const stays = (item: TrayItem) => !leaves(item);
        return { ...current, entries: current.entries.filter(stays), failures: current.failures.filter(stays), error: null };
      }),
    [update],
  );

  const remove = useCallback((key: string) => removeWhere((item) => item.key === key), [removeWhere]);
  const removeImage = useCallback((imageId: string) => removeWhere((item) => item.image?.id === imageId), [removeWhere]);

  const move = useCallback(
    (from: number, to: number) => update((current) => ({ ...current, entries: moveItem(current.entries, from, to) })),
    [update],
  );

  const ready = useMemo(
    () => state.entries.flatMap((item): StoredTrayEntry[] => (item.status === "ready" && item.image ? [{ image: item.image, source: item.source }] : [])),
    [state.entries],
  );
  const readyImages = useMemo(() => ready.map((entry) => entry.image), [ready]);

  // Saving is declared before restoring so that, on mount, it runs while `restored` is still false.
  useEffect(() => {
    if (state.restored) writeStoredTray(ready);
  }, [ready, state.restored]);

  // Restored once its reader has arrived; until then nothing is saved over the stored tray, and if
  // the reader never arrives the tray simply lasts this page view.
  useEffect(() => {
    const checks = new AbortController();
    traySourceReader.load().then(
      ({ parseStoredTray }) => {
        if (checks.signal.aborted) return;
        const stored = parseStoredTray(readStoredTray());
        update((current) => {
          const held = heldImageIds(current.entries);
          const space = Math.max(0, TRAY_MAX_HELD - current.entries.length);
          const restored = stored.filter((entry) => !held.has(entry.image.id)).slice(0, space).map(readyItem);
          return { ...current, entries: [...restored, ...current.entries], restored: true };
        });
        // An image deleted since (here or in another tab, or by retention) would fail the next edit.
        for (const { image } of stored) {
          fetch(image.thumbnailUrl, { signal: checks.signal })
            .then((response) => {
              if (response.status === 404) removeImage(image.id);
            })
            .catch(() => undefined);
        }
      },
      () => undefined,
    );
    return () => checks.abort();
  }, [removeImage, update]);

  useEffect(() => () => [...latest.current.entries, ...latest.current.failures].forEach(revokePreview), []);

  // Loaded once the page is idle, so the first picture added waits neither for the code nor the worker.
  useEffect(() => warmUpImagePreparationWhenIdle(), []);

  return useMemo(
    () => ({
      items: [...state.entries, ...state.failures],
      numbered: state.entries,
      readyImages,
      busy: state.entries.some((item) => item.status === "preparing" || item.status === "uploading"),
      capacity,
      error: state.error,
      addFiles,
      addImages,
      replaceWith,
      restore,
      remove,
      move,
      removeImage,
    }),
    [state, readyImages, capacity, addFiles, addImages, replaceWith, restore, remove, move, removeImage],
  );
}

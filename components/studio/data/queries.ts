"use client";

import { useInfiniteQuery, useQuery, useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import { API_ROUTES, galleryPath, generationsPath } from "@/lib/shared/api-routes";
import type { ActionResult, StudioError } from "@/lib/shared/errors";
import { isPending, type GalleryItemView, type GalleryPageView, type GenerationView } from "@/lib/shared/gallery/view";
import type { LineageView } from "@/lib/shared/lineage/types";
import type { LedgerView } from "@/lib/server/ledger";
import { fetchResult } from "./fetch-result";

/** Every query key the studio uses, from one place. */
export const studioKeys = {
  all: ["studio"] as const,
  gallery: () => [...studioKeys.all, "gallery"] as const,
  pending: (ids: readonly string[]) => [...studioKeys.all, "pending", ...ids] as const,
  ledger: () => [...studioKeys.all, "ledger"] as const,
  generation: (id: string) => [...studioKeys.all, "generation", id] as const,
  lineages: () => [...studioKeys.all, "lineage"] as const,
  lineage: (imageId: string) => [...studioKeys.lineages(), imageId] as const,
};

export type GalleryData = InfiniteData<GalleryPageView, string | null>;

/** A failed action or read carries the sentence to show; the query and mutation layers treat it as an error. */
export class ActionFailure extends Error {
  constructor(readonly studioError: StudioError) {
    super(studioError.message);
  }
}

export async function unwrap<T>(result: Promise<ActionResult<T>>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new ActionFailure(settled.error);
  return settled.value;
}

/** Placeholders made before the server answers have ids no server record can have. */
export const OPTIMISTIC_PREFIX = "optimistic-";

export function useGallery(initialPage: GalleryPageView) {
  return useInfiniteQuery({
    queryKey: studioKeys.gallery(),
    queryFn: ({ pageParam }) => unwrap(fetchResult<GalleryPageView>(galleryPath({ cursor: pageParam }))),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    initialData: { pages: [initialPage], pageParams: [null] },
    // The server's page is fresh at load; later changes arrive through mutations and the live stream.
    staleTime: Infinity,
  });
}

const POLL_MAX_IDS = 100;
/** Only while the live stream is silent (a proxy holding it back): slow, since it is the fallback. */
const FALLBACK_POLL_MS = 5_000;

/**
 * The fallback for a page whose live stream has gone silent: polls only the generations still
 * pending, and writes each answer into the gallery cache in place. While the stream is live, it
 * sends nothing at all; the stream's events write the cache (use-live-events.ts).
 */
export function usePendingPolling(gallery: InfiniteData<GalleryPageView, unknown> | undefined, { live }: { live: boolean }) {
  const client = useQueryClient();
  const pending = (gallery?.pages ?? [])
    .flatMap((page) => page.items)
    .flatMap((item) => (item.kind === "generation" && isPending(item.generation) ? [item.generation] : []))
    .filter((generation) => !generation.id.startsWith(OPTIMISTIC_PREFIX));
  // The route answers at most 100 ids a call; the newest come first, and the rest follow as they finish.
  const pendingIds = pending.slice(0, POLL_MAX_IDS).map((generation) => generation.id);

  useQuery({
    queryKey: studioKeys.pending(pendingIds),
    queryFn: async () => {
      const generations = await unwrap(fetchResult<GenerationView[]>(generationsPath(pendingIds)));
      for (const generation of generations) replaceGeneration(client, generation.id, generation);
      // A finished job may have spent credits: the ledger asks the server again, once per poll at most.
      const finished = generations.filter((generation) => !isPending(generation));
      if (finished.length > 0) {
        void client.invalidateQueries({ queryKey: studioKeys.ledger() });
        void client.invalidateQueries({ queryKey: studioKeys.lineages() });
      }
      // A replayed step that succeeds starts the next one on the server: the gallery asks for it.
      if (finished.some((generation) => generation.replayOf !== null && generation.status === "succeeded")) {
        void client.invalidateQueries({ queryKey: studioKeys.gallery() });
      }
      return generations;
    },
    enabled: !live && pendingIds.length > 0,
    refetchInterval: FALLBACK_POLL_MS,
    refetchIntervalInBackground: true,
  });
}

/**
 * An image's family. It grows whenever a job finishes, so it is asked for again each time it is
 * shown; the cached answer draws at once meanwhile.
 */
export function useLineage(imageId: string | null, options: { keepPrevious?: boolean } = {}) {
  return useQuery({
    queryKey: studioKeys.lineage(imageId ?? ""),
    queryFn: () => unwrap(fetchResult<LineageView>(API_ROUTES.lineage(imageId ?? ""))),
    enabled: imageId !== null && !imageId.startsWith(OPTIMISTIC_PREFIX),
    staleTime: 2_000,
    // Walking from an image to its parent stays within one family: the last answer serves meanwhile.
    placeholderData: options.keepPrevious ? (previous) => previous : undefined,
  });
}

/** One generation, as its card would show it: the step a replayed one re-ran, to compare with. */
export function useGeneration(id: string | null) {
  return useQuery({
    queryKey: studioKeys.generation(id ?? ""),
    queryFn: async () => (await unwrap(fetchResult<GenerationView[]>(generationsPath([id ?? ""]))))[0] ?? null,
    enabled: id !== null,
    staleTime: 60_000,
  });
}

/** Today's spend; fresh from the page, then refetched when a job finishes. */
export function useLedger(initialLedger: LedgerView) {
  return useQuery({
    queryKey: studioKeys.ledger(),
    queryFn: () => unwrap(fetchResult<LedgerView>(API_ROUTES.ledger)),
    initialData: initialLedger,
    staleTime: Infinity,
    // Asked again once the page is up: a page rendered straight after signing in may have been
    // rendered for the session before it.
    refetchOnMount: "always",
  });
}

export function updateGallery(client: QueryClient, update: (items: GalleryItemView[], pageIndex: number) => GalleryItemView[]) {
  client.setQueryData<GalleryData>(studioKeys.gallery(), (data) =>
    data && { ...data, pages: data.pages.map((page, index) => ({ ...page, items: update(page.items, index) })) },
  );
}

export function replaceGeneration(client: QueryClient, id: string, generation: GenerationView) {
  updateGallery(client, (items) =>
    items.map((item) => (item.kind === "generation" && item.generation.id === id ? { kind: "generation", generation } : item)),
  );
}

export function prependGeneration(client: QueryClient, generation: GenerationView) {
  updateGallery(client, (items, pageIndex) => (pageIndex === 0 ? [{ kind: "generation", generation }, ...items] : items));
}

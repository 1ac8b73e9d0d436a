"use client";

import { useInfiniteQuery, useQuery, useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import { getGenerations, listGallery } from "@/app/actions";
import type { ActionResult, StudioError } from "@/lib/errors";
import { isPending, type GalleryItemView, type GalleryPageView, type GenerationView } from "@/lib/gallery/view";

/** Every query key the studio uses, from one place. */
export const studioKeys = {
  all: ["studio"] as const,
  gallery: () => [...studioKeys.all, "gallery"] as const,
  pending: (ids: readonly string[]) => [...studioKeys.all, "pending", ...ids] as const,
};

export type GalleryData = InfiniteData<GalleryPageView, string | null>;

/** A failed action carries the sentence to show; the query and mutation layers treat it as an error. */
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
    queryFn: ({ pageParam }) => unwrap(listGallery({ cursor: pageParam })),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    initialData: { pages: [initialPage], pageParams: [null] },
    // The server's page is fresh at load; later changes arrive through mutations and polling.
    staleTime: Infinity,
  });
}

/**
 * Polls only the generations still pending, and writes each answer into the gallery cache in place:
 * a finished job never costs a refetch of the whole gallery.
 */
export function usePendingPolling(gallery: InfiniteData<GalleryPageView, unknown> | undefined) {
  const client = useQueryClient();
  const pendingIds = (gallery?.pages ?? [])
    .flatMap((page) => page.items)
    .flatMap((item) => (item.kind === "generation" && isPending(item.generation) ? [item.generation.id] : []))
    .filter((id) => !id.startsWith(OPTIMISTIC_PREFIX));

  useQuery({
    queryKey: studioKeys.pending(pendingIds),
    queryFn: async () => {
      const generations = await unwrap(getGenerations(pendingIds));
      for (const generation of generations) replaceGeneration(client, generation.id, generation);
      return generations;
    },
    enabled: pendingIds.length > 0,
    refetchInterval: 1_000,
    refetchIntervalInBackground: true,
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

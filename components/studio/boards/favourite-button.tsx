"use client";

import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";
import { setFavourite } from "@/app/actions";
import { unwrap, type GalleryData } from "@/components/studio/data/queries";
import { setFavouriteInViews, writeAfterGalleryReads } from "./board-data";

interface FavouriteButtonProps {
  imageId: string;
  label: string;
  className?: string;
}

/** Starred, as any gallery page the page holds says (the whole gallery's or a filtered one's). */
function isFavourite(client: QueryClient, imageId: string): boolean {
  return client
    .getQueriesData<GalleryData>({ queryKey: ["studio"] })
    .some(([, data]) => data?.pages?.some((page) => page.organised?.favourites.includes(imageId)) ?? false);
}

function useFavourite(imageId: string): boolean {
  const client = useQueryClient();
  return useSyncExternalStore(
    (onChange) => client.getQueryCache().subscribe(onChange),
    () => isFavourite(client, imageId),
    () => false,
  );
}

/** The star on a picture: pressed shows at once, and goes back if the studio refuses. */
export function FavouriteButton({ imageId, label, className = "" }: FavouriteButtonProps) {
  const client = useQueryClient();
  const held = useFavourite(imageId);
  const toggle = useMutation({
    mutationFn: (next: boolean) => unwrap(setFavourite({ imageId, favourite: next })),
    onMutate: (next) => setFavouriteInViews(client, imageId, next),
    onSuccess: ({ favourite }) => writeAfterGalleryReads(client, () => setFavouriteInViews(client, imageId, favourite)),
    onError: (_error, next) => setFavouriteInViews(client, imageId, !next),
  });
  // While the server has not answered, the person's choice is shown, whatever a gallery read says.
  const favourite = toggle.isPending ? (toggle.variables ?? held) : held;
  return (
    <button
      type="button"
      aria-pressed={favourite}
      aria-label={`Favourite: ${label}`}
      title={favourite ? "Remove from favourites" : "Add to favourites"}
      onClick={(event) => {
        event.stopPropagation();
        toggle.mutate(!favourite);
      }}
      className={`inline-flex size-8 items-center justify-center rounded-full bg-white/90 text-zinc-700 shadow-sm hover:bg-white focus-visible:outline-2 focus-visible:outline-sky-500 aria-pressed:text-amber-500 dark:bg-zinc-900/90 dark:text-zinc-200 ${className}`}
    >
      <svg aria-hidden viewBox="0 0 20 20" className="size-4" fill={favourite ? "currentColor" : "none"} stroke="currentColor" strokeWidth="1.5">
        <path d="M10 2.5l2.3 4.7 5.2.8-3.8 3.6.9 5.2-4.6-2.4-4.6 2.4.9-5.2L2.5 8l5.2-.8z" strokeLinejoin="round" />
      </svg>
    </button>
  );
}

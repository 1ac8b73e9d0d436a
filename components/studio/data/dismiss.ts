"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { dismissGeneration } from "@/app/actions";
import type { GenerationView } from "@/lib/shared/gallery/view";
import { OPTIMISTIC_PREFIX, studioKeys, unwrap, updateGallery } from "./queries";

/**
 * Takes a failed or canceled card off the gallery at once; the server forgets the job too (a card
 * that never reached the server has nothing to forget). Should the server refuse, the card returns.
 */
export function useDismissGeneration(onRefused: (sentence: string) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (generation: GenerationView) => {
      updateGallery(client, (items) => items.filter((item) => item.kind !== "generation" || item.generation.id !== generation.id));
      if (!generation.id.startsWith(OPTIMISTIC_PREFIX)) await unwrap(dismissGeneration(generation.id));
    },
    onError: () => {
      onRefused("That card could not be dismissed; reload the page and try again.");
      void client.invalidateQueries({ queryKey: studioKeys.gallery() });
    },
  });
}

import { z } from "zod";
import { defineRead } from "@/lib/server/read-route";
import { galleryFilterQuery } from "@/lib/shared/board-inputs";
import { toGalleryPageView } from "@/lib/shared/gallery/view";
import { queryNumber } from "@/lib/shared/query-number";
import { providerModelsOf } from "@/lib/shared/seedream/models";
import type { GalleryFilter } from "@/lib/server/store";

/**
 * One page of the visitor's gallery, newest first: `?cursor=<from the page before>&limit=1…100`,
 * narrowed by the filters in lib/shared/board-inputs.ts (search words, model, dates, favourites, a board).
 */
export const GET = defineRead({
  input: galleryFilterQuery.extend({
    cursor: z.string().max(200).optional(),
    limit: queryNumber.pipe(z.number().int().min(1).max(100)).optional(),
  }),
  cache: "revalidate",
  read: async ({ cursor, limit, ...query }, { store, jobs, visitorId }) => {
    const filter: GalleryFilter = {
      words: query.q?.length ? query.q : undefined,
      models: query.model ? providerModelsOf(query.model) : undefined,
      since: query.since,
      before: query.before,
      favourites: query.favourites === "1",
      boardId: query.board,
    };
    const page = await store.gallery.list(visitorId, { cursor, limit, filter });
    // A job whose end could not be written reads as interrupted (jobs.surface).
    const items = page.items.map((item) => (item.kind === "generation" ? { ...item, generation: jobs.surface(item.generation) } : item));
    return toGalleryPageView({ ...page, items });
  },
});

import { z } from "zod";
import { defineRead } from "@/lib/server/read-route";
import { toGalleryPageView } from "@/lib/shared/gallery/view";
import { queryNumber } from "@/lib/shared/query-number";

/** One page of the visitor's gallery, newest first: `?cursor=<from the page before>&limit=1…100`. */
export const GET = defineRead({
  input: z.strictObject({
    cursor: z.string().max(200).optional(),
    limit: queryNumber.pipe(z.number().int().min(1).max(100)).optional(),
  }),
  cache: "revalidate",
  read: async (query, { store, jobs, visitorId }) => {
    const page = await store.gallery.list(visitorId, query);
    // A job whose end could not be written reads as interrupted (jobs.surface).
    const items = page.items.map((item) => (item.kind === "generation" ? { ...item, generation: jobs.surface(item.generation) } : item));
    return toGalleryPageView({ ...page, items });
  },
});

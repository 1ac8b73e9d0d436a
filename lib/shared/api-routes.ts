/**
 * The studio's GET reads and its upload route, one place for the paths the browser, the tests and
 * the load test call. Reads are plain GETs, so the browser runs them side by side and never queues
 * them behind a server action.
 */
export const API_ROUTES = {
  gallery: "/api/gallery",
  generations: "/api/generations",
  ledger: "/api/ledger",
  uploads: "/api/uploads",
  events: "/api/events",
  lineage: (imageId: string) => `/api/images/${encodeURIComponent(imageId)}/lineage`,
} as const;

/** `?cursor=…&limit=…`: only the values given, so an absent cursor is not sent as the text "null". */
export function galleryPath(query: { cursor?: string | null; limit?: number } = {}): string {
  const search = new URLSearchParams();
  if (query.cursor) search.set("cursor", query.cursor);
  if (query.limit !== undefined) search.set("limit", String(query.limit));
  const text = search.toString();
  return text ? `${API_ROUTES.gallery}?${text}` : API_ROUTES.gallery;
}

/** Ids are UUIDs, so a comma never appears inside one. */
export function generationsPath(ids: readonly string[]): string {
  return `${API_ROUTES.generations}?${new URLSearchParams({ ids: ids.join(",") })}`;
}

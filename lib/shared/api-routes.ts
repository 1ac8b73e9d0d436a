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
  boards: "/api/boards",
  shares: "/api/shares",
  lineage: (imageId: string) => `/api/images/${encodeURIComponent(imageId)}/lineage`,
} as const;

/** What the gallery is narrowed to, as the page holds it; app/api/gallery parses the same fields. */
export interface GalleryFilterState {
  q?: string;
  model?: string;
  since?: number;
  before?: number;
  favourites?: boolean;
  board?: string;
}

/** `?cursor=…&limit=…`: only the values given, so an absent cursor is not sent as the text "null". */
export function galleryPath(query: { cursor?: string | null; limit?: number; filter?: GalleryFilterState } = {}): string {
  const search = new URLSearchParams();
  const filter = query.filter ?? {};
  if (filter.q?.trim()) search.set("q", filter.q.trim());
  if (filter.model) search.set("model", filter.model);
  if (filter.since !== undefined) search.set("since", String(filter.since));
  if (filter.before !== undefined) search.set("before", String(filter.before));
  if (filter.favourites) search.set("favourites", "1");
  if (filter.board) search.set("board", filter.board);
  if (query.cursor) search.set("cursor", query.cursor);
  if (query.limit !== undefined) search.set("limit", String(query.limit));
  const text = search.toString();
  return text ? `${API_ROUTES.gallery}?${text}` : API_ROUTES.gallery;
}

/** Ids are UUIDs, so a comma never appears inside one. */
export function generationsPath(ids: readonly string[]): string {
  return `${API_ROUTES.generations}?${new URLSearchParams({ ids: ids.join(",") })}`;
}

/**
 * Boards, favourites and share links: the vocabulary the store, the actions, the share pages and
 * the browser all name. No zod here: the studio's client code reads these constants on its own
 * (the schemas live in lib/shared/board-inputs.ts, on the server side of every form).
 */

/** What a share link shows: one image, one image's lineage, or one board. */
export const SHARE_KINDS = ["image", "lineage", "board"] as const;
export type ShareKind = (typeof SHARE_KINDS)[number];

/** Bounds per visitor: enough for any real collection, small enough that every list is one read. */
export const BOARD_LIMITS = {
  boardsPerVisitor: 50,
  nameMaxLength: 60,
  /** Live (not revoked) share links a visitor may hold at once. */
  liveLinksPerVisitor: 100,
  /** Images one board-membership change may name at once (a selection in the gallery). */
  imagesPerChange: 100,
  /** The newest images a shared board's page shows. */
  sharedBoardImages: 200,
} as const;

/** A share token: 24 random bytes as base64url (192 bits), so 32 characters from this alphabet. */
export const SHARE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;

/** Where a share link lives, and where its images are served: only under the token. */
export function sharePath(token: string): string {
  return `/s/${token}`;
}

export function sharedImageUrls(token: string, imageId: string): { url: string; thumbnailUrl: string } {
  return { url: `/s/${token}/images/${imageId}`, thumbnailUrl: `/s/${token}/images/${imageId}/thumbnail` };
}

/** A shared board's event stream: a topic of its own, reached with the token alone. */
export function shareEventsPath(token: string): string {
  return `/s/${token}/events`;
}

/** What a share link is made for; lib/shared/board-inputs.ts parses it. */
export type ShareTargetInput = { kind: "image" | "lineage"; imageId: string } | { kind: "board"; boardId: string };

export interface BoardView {
  id: string;
  name: string;
  autoAdd: boolean;
  imageCount: number;
  createdAt: number;
}

export interface ShareLinkView {
  id: string;
  token: string;
  kind: ShareKind;
  /** What the link shows, in words: "Board “Moodboard”", "Lineage of “a red fox”"… */
  title: string;
  imageId: string | null;
  boardId: string | null;
  createdAt: number;
}

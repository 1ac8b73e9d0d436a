import "server-only";
import { StoreError } from "./errors";
import { GALLERY_PAGE_DEFAULT, GALLERY_PAGE_MAX } from "./limits";

/**
 * How both stores page the gallery: newest first by (created_at, id), which never changes for an
 * item, behind an opaque cursor naming the last item seen.
 */

/** A position in the gallery: everything strictly older than (createdAt, id) comes next. */
export interface Position {
  createdAt: number;
  id: string;
}

export function compareNewestFirst(a: Position, b: Position): number {
  if (a.createdAt !== b.createdAt) return b.createdAt - a.createdAt;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

export function pageSize(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return GALLERY_PAGE_DEFAULT;
  return Math.min(GALLERY_PAGE_MAX, Math.max(1, Math.floor(limit)));
}

export function encodeCursor(position: Position): string {
  return Buffer.from(`${position.createdAt}.${position.id}`).toString("base64url");
}

const CURSOR = /^(\d{1,16})\.([0-9a-f-]{1,64})$/;

export function decodeCursor(cursor: string): Position {
  const match = CURSOR.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match?.[1] || !match[2]) throw new StoreError("invalid_input", "That gallery page link is not valid.");
  return { createdAt: Number(match[1]), id: match[2] };
}

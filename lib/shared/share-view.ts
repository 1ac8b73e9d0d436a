import type { ShareKind } from "@/lib/shared/boards";
import type { LineageView } from "@/lib/shared/lineage/types";

/**
 * What a share page shows, and nothing more: image URLs under the link's token, prompts and
 * models, never visitor ids, file names, costs or any URL the studio itself serves.
 */
export interface SharedImage {
  id: string;
  url: string;
  thumbnailUrl: string;
  width: number;
  height: number;
  /** The prompt that made it; null for an uploaded picture. */
  prompt: string | null;
  /** "Seedream 4.5", "Seedream v4 Edit"; null for an upload. */
  model: string | null;
  createdAt: number;
}

interface ShareViewBase {
  kind: ShareKind;
  /** The page's title and its preview's, in a chat or a browser tab. */
  title: string;
  description: string;
  /** The picture a pasted link previews with. */
  preview: SharedImage | null;
}

export type ShareView =
  | (ShareViewBase & { kind: "image"; image: SharedImage })
  | (ShareViewBase & { kind: "board"; boardName: string; images: SharedImage[]; truncated: boolean })
  | (ShareViewBase & { kind: "lineage"; focus: SharedImage; lineage: LineageView; prompts: Record<string, string> });

import "server-only";
import { BOARD_LIMITS, SHARE_TOKEN_PATTERN, sharedImageUrls } from "@/lib/shared/boards";
import type { ImageView } from "@/lib/shared/gallery/view";
import { buildLineageView } from "@/lib/shared/lineage/build-view";
import { modelLabel } from "@/lib/shared/seedream/models";
import type { SharedImage, ShareView } from "@/lib/shared/share-view";
import type { GenerationRecord, ImageRecord, ImageVariant, OpenedImage, ShareLinkRecord, Store } from "@/lib/server/store";
import { recordId } from "@/lib/shared/records";

/** The live link behind a token, or null for anything else: malformed, wrong, revoked, deleted. */
export async function openLink(store: Store, token: string): Promise<ShareLinkRecord | null> {
  if (!SHARE_TOKEN_PATTERN.test(token)) return null;
  return store.shares.open(token);
}

function sharedImage(token: string, image: ImageRecord, generation: GenerationRecord | undefined): SharedImage {
  return {
    id: image.id,
    ...sharedImageUrls(token, image.id),
    width: image.width,
    height: image.height,
    prompt: generation?.prompt ?? null,
    model: generation ? modelLabel(generation.model) : null,
    createdAt: image.createdAt,
  };
}

function quoted(prompt: string | null, fallback: string): string {
  if (!prompt) return fallback;
  return `“${prompt.length > 80 ? `${prompt.slice(0, 79)}…` : prompt}”`;
}

/** What the link shows, read as its visitor: null when the link or what it points at is gone. */
export async function readShare(store: Store, link: ShareLinkRecord): Promise<ShareView | null> {
  const owner = link.visitorId;
  if (link.kind === "board") {
    const contents = link.boardId ? await store.boards.contents(owner, link.boardId, BOARD_LIMITS.sharedBoardImages + 1) : null;
    if (!contents) return null;
    const made = new Map(contents.generations.map((generation) => [generation.id, generation]));
    const images = contents.images
      .slice(0, BOARD_LIMITS.sharedBoardImages)
      .map((image) => sharedImage(link.token, image, image.generationId ? made.get(image.generationId) : undefined));
    const count = images.length === 1 ? "1 image" : `${images.length} images`;
    return {
      kind: "board",
      title: `${contents.board.name} · a shared board`,
      description: `${count} from Seedream Studio.`,
      preview: images[0] ?? null,
      boardName: contents.board.name,
      images,
      truncated: contents.images.length > BOARD_LIMITS.sharedBoardImages,
    };
  }

  const image = link.imageId ? await store.images.get(owner, link.imageId) : null;
  if (!image || image.deletedAt !== null) return null;
  const generation = image.generationId ? await store.generations.get(owner, image.generationId) : null;
  const focus = sharedImage(link.token, image, generation ?? undefined);
  if (link.kind === "image") {
    return {
      kind: "image",
      title: `${quoted(focus.prompt, "An image")} · shared from Seedream Studio`,
      description: focus.model ? `Made with ${focus.model}.` : "An image shared from Seedream Studio.",
      preview: focus,
      image: focus,
    };
  }

  const family = await store.lineage.family(owner, image.id);
  if (!family) return null;
  const lineage = sharedLineage(link.token, buildLineageView(family));
  const prompts = Object.fromEntries(lineage.generations.map((step) => [step.id, step.prompt]));
  return {
    kind: "lineage",
    title: `Lineage of ${quoted(focus.prompt, "an image")} · shared from Seedream Studio`,
    description: `${lineage.images.length} images and the ${lineage.generations.length === 1 ? "step" : "steps"} between them.`,
    preview: focus,
    focus,
    lineage,
    prompts,
  };
}

/** The lineage as its graph draws it, with URLs under the token and nothing private in its records. */
function sharedLineage(token: string, view: ReturnType<typeof buildLineageView>) {
  const scoped = (image: ImageView): ImageView => ({ ...image, ...sharedImageUrls(token, image.id), fileName: null });
  return {
    ...view,
    images: view.images.map(scoped),
    generations: view.generations.map((step) => ({ ...step, creditsUsed: null, error: null, outputs: step.outputs.map(scoped) })),
  };
}

/** Whether the link's view reaches this image: its one image, its lineage's images, its board's images. */
async function reaches(store: Store, link: ShareLinkRecord, imageId: string): Promise<boolean> {
  const owner = link.visitorId;
  if (link.kind === "image") return link.imageId === imageId;
  if (link.kind === "board") return link.boardId !== null && (await store.boards.holds(owner, link.boardId, imageId));
  const family = link.imageId ? await store.lineage.family(owner, link.imageId) : null;
  return family !== null && family.images.some((image) => image.id === imageId);
}

/** An image's bytes through a share link: null unless the link is live and shows that image. */
export async function openSharedImage(store: Store, token: string, rawImageId: string, variant: ImageVariant): Promise<OpenedImage | null> {
  const imageId = recordId.safeParse(rawImageId);
  if (!imageId.success) return null;
  const link = await openLink(store, token);
  if (!link || !(await reaches(store, link, imageId.data))) return null;
  const image = await store.images.get(link.visitorId, imageId.data);
  // A shared page shows live images only, even where lineage keeps a deleted input readable.
  if (!image || image.deletedAt !== null) return null;
  return store.images.open(link.visitorId, imageId.data, variant);
}


import { z } from "zod";
import { BOARD_LIMITS } from "@/lib/shared/boards";
import { recordId } from "@/lib/shared/records";
import { STUDIO_MODELS } from "@/lib/shared/seedream/models";

/** The one schema of each board, favourite and share-link change, and of the gallery's filters. */

const boardName = z
  .string({ error: "Give the board a name." })
  .trim()
  .min(1, { error: "Give the board a name." })
  .max(BOARD_LIMITS.nameMaxLength, { error: `A board's name can be at most ${BOARD_LIMITS.nameMaxLength} characters.` })
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), { error: "A board's name cannot hold control characters." });

export const createBoardInput = z.strictObject({ name: boardName });
export const renameBoardInput = z.strictObject({ boardId: recordId, name: boardName });
export const autoAddBoardInput = z.strictObject({ boardId: z.nullable(recordId) });

export const boardImagesInput = z.strictObject({
  boardId: recordId,
  imageIds: z
    .array(recordId)
    .min(1, { error: "Pick at least one image." })
    .max(BOARD_LIMITS.imagesPerChange, { error: `Put at most ${BOARD_LIMITS.imagesPerChange} images on a board at once.` }),
});

export const favouriteInput = z.strictObject({ imageId: recordId, favourite: z.boolean({ error: "Say whether to star the image." }) });

export const shareTargetInput = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal("image"), imageId: recordId }),
    z.strictObject({ kind: z.literal("lineage"), imageId: recordId }),
    z.strictObject({ kind: z.literal("board"), boardId: recordId }),
  ],
  { error: "Share an image, a lineage or a board." },
);

/** Epoch milliseconds in a query string: digits only. */
const queryMillis = z
  .string()
  .regex(/^\d{1,15}$/, { error: "Give a date as milliseconds since 1970, digits only." })
  .transform(Number);

/**
 * The gallery's query string: `q` (prompt words, all of which must appear), `model`, `since` and
 * `before` (epoch ms), `favourites=1`, `board=<id>`, besides the page's own `cursor` and `limit`.
 */
export const galleryFilterQuery = z.strictObject({
  q: z
    .string()
    .max(200, { error: "Search with at most 200 characters." })
    .transform((text) => text.split(/\s+/).filter((word) => word.length > 0))
    .refine((words) => words.length <= 8, { error: "Search with at most 8 words." })
    .optional(),
  model: z.enum(STUDIO_MODELS, { error: "Filter by one of the studio's models." }).optional(),
  since: queryMillis.optional(),
  before: queryMillis.optional(),
  favourites: z.literal("1", { error: "Give favourites=1 to show only starred images." }).optional(),
  board: z.optional(recordId),
});

import { z } from "zod";
import { INPUT_IMAGES_MAX } from "@/lib/seedream/limits";
import { generationSettings } from "@/lib/seedream/schema";

/** Record ids are UUIDs; anything else (path tricks, SQL, a visitor id) is refused before the store. */
export const recordId = z.uuid({ error: "That is not an image or generation id." });

/** What the studio asks the job runner for: the person's settings and the tray's inputs, in order. */
export const startGenerationInput = z.strictObject({
  settings: generationSettings,
  inputImageIds: z
    .array(recordId)
    .max(INPUT_IMAGES_MAX, `An edit takes at most ${INPUT_IMAGES_MAX} input images.`)
    .default([]),
});
export type StartGenerationInput = z.infer<typeof startGenerationInput>;

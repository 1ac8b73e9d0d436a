import { z } from "zod";
import { INPUT_IMAGES_MAX } from "@/lib/shared/seedream/limits";
import { generationSettings } from "@/lib/shared/seedream/schema";
import { recordId } from "@/lib/shared/records";


/** What the studio asks the job runner for: the person's settings and the tray's inputs, in order. */
export const startGenerationInput = z.strictObject({
  settings: generationSettings,
  inputImageIds: z
    .array(recordId)
    .max(INPUT_IMAGES_MAX, `An edit takes at most ${INPUT_IMAGES_MAX} input images.`)
    .default([]),
});
export type StartGenerationInput = z.infer<typeof startGenerationInput>;

import { z } from "zod";
import { INPUT_IMAGES_MAX } from "@/lib/shared/seedream/limits";
import { generationSettings } from "@/lib/shared/seedream/schema";
import { recordId } from "@/lib/shared/records";
import { keepRegion } from "@/lib/shared/marks/region";

/** What the studio asks the job runner for: the person's settings and the tray's inputs, in order. */
export const startGenerationInput = z.strictObject({
  settings: generationSettings,
  inputImageIds: z
    .array(recordId)
    .max(INPUT_IMAGES_MAX, `An edit takes at most ${INPUT_IMAGES_MAX} input images.`)
    .default([]),
  /** A painted region: everything outside it is put back from its original once the result arrives. */
  region: keepRegion.optional(),
});
export type StartGenerationInput = z.infer<typeof startGenerationInput>;

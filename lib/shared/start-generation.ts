import { z } from "zod";
import { INPUT_IMAGES_MAX } from "@/lib/shared/seedream/limits";
import { generationSettings } from "@/lib/shared/seedream/schema";
import { recordId } from "@/lib/shared/records";
import { keepRegion } from "@/lib/shared/marks/region";

/** A request id the browser makes with crypto.randomUUID(). */
export const clientRequestId = z.uuid({ error: "A request id must be a UUID." });

/** What the studio asks the job runner for: the person's settings and the tray's inputs, in order. */
export const startGenerationInput = z.strictObject({
  settings: generationSettings,
  inputImageIds: z
    .array(recordId)
    .max(INPUT_IMAGES_MAX, `An edit takes at most ${INPUT_IMAGES_MAX} input images.`)
    .default([]),
  /**
   * The browser's id for this start, made once per press of Generate: sent again (an answer lost
   * on the way), it names the job already recorded instead of paying for a second one.
   */
  requestId: clientRequestId.optional(),
  /** A painted region: everything outside it is put back from its original once the result arrives. */
  region: keepRegion.optional(),
});

/** Retry by the failed job's id alone, or with a request id, so a retry sent twice runs once. */
export const retryGenerationInput = z.union([
  recordId,
  z.strictObject({ id: recordId, requestId: clientRequestId }),
]);
export type StartGenerationInput = z.infer<typeof startGenerationInput>;

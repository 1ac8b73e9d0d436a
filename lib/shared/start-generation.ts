import { z } from "zod";
import { DEFAULT_STUDIO_MODEL, MODEL_SPECS, STUDIO_MODELS, type StudioModel } from "@/lib/shared/seedream/models";
import { SETTINGS_BY_MODEL, type AnySettings } from "@/lib/shared/seedream/settings";
import { recordId } from "@/lib/shared/records";
import { keepRegion, type KeepRegion } from "@/lib/shared/marks/region";

function inputImageIds(model: StudioModel) {
  const { inputsMax, name } = MODEL_SPECS[model];
  const sentence =
    model === DEFAULT_STUDIO_MODEL
      ? `An edit takes at most ${inputsMax} input images.`
      : `An edit takes at most ${inputsMax} input images on ${name}.`;
  return z.array(recordId).max(inputsMax, sentence).default([]);
}

/** A request id the browser makes with crypto.randomUUID(). */
export const clientRequestId = z.uuid({ error: "A request id must be a UUID." });

function requestFor<M extends StudioModel>(model: M) {
  return z.strictObject({
    model: z.literal(model),
    settings: SETTINGS_BY_MODEL[model],
    inputImageIds: inputImageIds(model),
    /**
     * The browser's id for this start, made once per press of Generate: sent again (an answer lost
     * on the way), it names the job already recorded instead of paying for a second one.
     */
    requestId: clientRequestId.optional(),
    /** A painted region: everything outside it is put back from its original once the result arrives. */
    region: z.optional(keepRegion),
  });
}

const perModel = [requestFor("seedream-v4"), requestFor("seedream-4-5"), requestFor("seedream-5-0-lite")] as const;

/**
 * What the studio asks the job runner for: the model, the person's settings for it and the tray's
 * inputs, in order. A request without a model is for v4, as every request was before there was a choice.
 */
export const startGenerationInput = z
  .looseObject({ model: z.enum(STUDIO_MODELS, { error: `Model must be one of ${STUDIO_MODELS.join(", ")}.` }).default(DEFAULT_STUDIO_MODEL) })
  .pipe(z.discriminatedUnion("model", perModel));
export type ParsedStartGeneration = z.output<typeof startGenerationInput>;

/** What callers hand over before parsing: the model may be left out (v4). */
export interface StartGenerationInput {
  model?: StudioModel;
  settings: AnySettings;
  inputImageIds: readonly string[];
  requestId?: string;
  region?: KeepRegion;
}

/** Retry by the failed job's id alone, or with a request id, so a retry sent twice runs once. */
export const retryGenerationInput = z.union([
  recordId,
  z.strictObject({ id: recordId, requestId: clientRequestId }),
]);

import {
  EDIT_MODEL,
  INPUT_IMAGES_MAX,
  ONE_IMAGE_INPUTS_MAX,
  SEEDREAM_4_5_MODEL,
  SEEDREAM_5_0_LITE_MODEL,
  TEXT_TO_IMAGE_MODEL,
  type MODELS,
} from "./limits";

/**
 * The models a person picks from. v4 is two provider ids (text to image, edit) chosen by the tray;
 * the newer ones are one id each that edits when given inputs and makes one image per call.
 */
export const STUDIO_MODELS = ["seedream-v4", "seedream-4-5", "seedream-5-0-lite"] as const;
export type StudioModel = (typeof STUDIO_MODELS)[number];
export const DEFAULT_STUDIO_MODEL: StudioModel = "seedream-v4";

type ProviderModel = (typeof MODELS)[number];

export interface ModelSpec {
  /** What the page calls it. */
  name: string;
  /** The short name sentences use: "4.5 makes one image per call". */
  short: string;
  inputsMax: number;
  /** No `num_images`: N images are N calls, each with its own seed. */
  oneImagePerCall: boolean;
}

export const MODEL_SPECS: Record<StudioModel, ModelSpec> = {
  "seedream-v4": { name: "Seedream v4", short: "v4", inputsMax: INPUT_IMAGES_MAX, oneImagePerCall: false },
  "seedream-4-5": { name: "Seedream 4.5", short: "4.5", inputsMax: ONE_IMAGE_INPUTS_MAX, oneImagePerCall: true },
  "seedream-5-0-lite": { name: "Seedream 5.0 Lite", short: "5.0 Lite", inputsMax: ONE_IMAGE_INPUTS_MAX, oneImagePerCall: true },
};

const PROVIDER_IDS: Record<Exclude<StudioModel, "seedream-v4">, ProviderModel> = {
  "seedream-4-5": SEEDREAM_4_5_MODEL,
  "seedream-5-0-lite": SEEDREAM_5_0_LITE_MODEL,
};

/** The provider id a generation is recorded and sent with. */
export function providerModelFor(model: StudioModel, inputCount: number): ProviderModel {
  if (model === "seedream-v4") return inputCount > 0 ? EDIT_MODEL : TEXT_TO_IMAGE_MODEL;
  return PROVIDER_IDS[model];
}

export function studioModelOf(providerModel: ProviderModel): StudioModel {
  if (providerModel === SEEDREAM_4_5_MODEL) return "seedream-4-5";
  if (providerModel === SEEDREAM_5_0_LITE_MODEL) return "seedream-5-0-lite";
  return "seedream-v4";
}

/** "Seedream v4 Edit", "Seedream 4.5": how a recorded generation's model reads in details and lineage. */
export function modelLabel(providerModel: ProviderModel): string {
  if (providerModel === EDIT_MODEL) return "Seedream v4 Edit";
  return MODEL_SPECS[studioModelOf(providerModel)].name;
}

/** Every provider id recorded for a studio model: v4 has two (text-to-image and edit). */
export function providerModelsOf(model: StudioModel): ProviderModel[] {
  return model === "seedream-v4" ? [TEXT_TO_IMAGE_MODEL, EDIT_MODEL] : [PROVIDER_IDS[model]];
}

/** What the composer checks with zod, as one chunk fetched after the first paint. */
export { toGenerationSettings, type FormCheck } from "./form-check";
export { rememberedOf, restoreSettings } from "./remembered-settings";

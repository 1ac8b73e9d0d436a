import * as z from "@/lib/shared/zod";
import { oneImageRequest, oneImageSize } from "./schema-one-image";
import { editRequest, generationSettings, imageSize, seedreamRequest, textToImageRequest } from "./schema";
import { seedream45Request, seedream50LiteRequest } from "./schema-one-image";

/**
 * Every request the studio can send, whichever model: the four official bodies in one union, so the
 * client, the engines and the fake check a body against the schema of the model it names.
 */
export const providerRequest = z.discriminatedUnion("model", [
  textToImageRequest,
  editRequest,
  seedream45Request,
  seedream50LiteRequest,
]);
export type ProviderRequest = z.infer<typeof providerRequest>;

export { oneImageRequest, seedreamRequest };

/**
 * A generation's parameters as the store keeps them, whichever model made it: every model's fields,
 * each optional. Which ones a model takes is checked where a request is started (settings.ts).
 */
export const generationParameters = z.extend(z.omit(generationSettings, { prompt: true }), {
  image_size: z.optional(z.union([imageSize, oneImageSize])),
  watermark: z.optional(z.boolean()),
});

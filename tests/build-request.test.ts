import { describe, expect, it } from "vitest";
import { buildSeedreamRequest } from "@/lib/shared/seedream/build-request";
import { EDIT_MODEL, TEXT_TO_IMAGE_MODEL } from "@/lib/shared/seedream/limits";
import { seedreamRequest } from "@/lib/shared/seedream/schema";

describe("building the Seedream request from the form", () => {
  it("is text-to-image without inputs, and sends only what was set", () => {
    const request = buildSeedreamRequest({ prompt: "a fox", seed: 7 });
    expect(request).toStrictEqual({ model: TEXT_TO_IMAGE_MODEL, prompt: "a fox", seed: 7 });
    expect(seedreamRequest.safeParse(request).success).toBe(true);
  });

  it("is an edit with inputs, keeping their order", () => {
    const inputs = ["data:image/png;base64,AAAA", "data:image/jpeg;base64,BBBB"];
    const request = buildSeedreamRequest({ prompt: "swap them", num_images: 2 }, inputs);
    expect(request).toStrictEqual({ model: EDIT_MODEL, prompt: "swap them", num_images: 2, image_urls: inputs });
    expect(seedreamRequest.safeParse(request).success).toBe(true);
  });
});

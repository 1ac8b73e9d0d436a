import { describe, expect, it } from "vitest";
import { DEFAULT_FORM_SETTINGS, type FormSettings } from "@/components/studio/composer/form-settings";
import { toGenerationSettings } from "@/components/studio/composer/form-check";
import { callsSentence, fitOneImage, switchModel } from "@/components/studio/composer/model-switch";
import { buildProviderRequests } from "@/lib/shared/seedream/build-request";
import { providerRequest } from "@/lib/shared/seedream/request";
import { SEED_MAX } from "@/lib/shared/seedream/limits";

const form = (patch: Partial<FormSettings> = {}): FormSettings => ({ ...DEFAULT_FORM_SETTINGS, prompt: "a fox", ...patch });

describe("switching the model in the form", () => {
  it("keeps prompt, seed and count, and says what does not carry over to 4.5", () => {
    const { form: next, notes } = switchModel(form({ seed: 42, seedLocked: true, numImages: 3 }), "seedream-4-5", 2);
    expect(next).toMatchObject({ model: "seedream-4-5", prompt: "a fox", seed: 42, seedLocked: true, numImages: 3, size: { kind: "tier", tier: "2K" } });
    expect(notes).toEqual([
      "Square HD is a v4 size; 4.5 draws 2K instead.",
      "4.5 makes one image per call: 3 images = 3 calls",
      "The safety checker is a v4 setting; 4.5 has none.",
    ]);
    expect(toGenerationSettings(next, 2)).toEqual({ ok: true, settings: { prompt: "a fox", image_size: "2K", num_images: 3, seed: 42, watermark: false } });
  });

  it("turns 2K into a custom size on v4 and says the watermark stays behind", () => {
    const { form: next, notes } = switchModel(form({ model: "seedream-5-0-lite", size: { kind: "tier", tier: "2K" }, watermark: true }), "seedream-v4", 0);
    expect(next.size).toEqual({ kind: "custom", width: 2048, height: 2048 });
    expect(notes).toEqual(["v4 has no 2K preset: the size is now a custom 2048 × 2048.", "The watermark is a 5.0 Lite setting; v4 adds none."]);
    expect(toGenerationSettings(next)).toMatchObject({ ok: true, settings: { enable_safety_checker: true } });
  });

  it("grows a custom size too small for the newer models, keeping its shape", () => {
    expect(fitOneImage(1024, 1024)).toEqual({ width: 1920, height: 1920 });
    expect(fitOneImage(4096, 1024)).toEqual({ width: 4096, height: 1440 });
    const { notes } = switchModel(form({ size: { kind: "custom", width: 1024, height: 1024 } }), "seedream-4-5", 0);
    expect(notes[0]).toBe("4.5 draws at least 1440 pixels a side and 3.69 MP: the size is now 1920 × 1920.");
  });

  it("says when the tray holds more than the new model takes, and sends nothing", () => {
    const { notes, form: next } = switchModel(form({ model: "seedream-4-5", size: { kind: "tier", tier: "2K" } }), "seedream-v4", 12);
    expect(notes).toContain("The tray holds 12 images and Seedream v4 takes at most 10: remove 2 to generate.");
    expect(toGenerationSettings(next, 12)).toEqual({
      ok: false,
      problems: { inputs: "Seedream v4 takes at most 10 input images; remove 2 from the tray to generate." },
    });
  });

  it("words the calls sentence for one image too", () => {
    expect(callsSentence("seedream-5-0-lite", 1)).toBe("5.0 Lite makes one image per call: 1 image = 1 call");
  });
});

describe("the calls one generation makes", () => {
  it("is one v4 call with num_images, and the seed only when set", () => {
    const requests = buildProviderRequests("bytedance/seedream-v4-text-to-image", { prompt: "a", num_images: 3 }, [], 77);
    expect(requests).toEqual([{ model: "bytedance/seedream-v4-text-to-image", prompt: "a", num_images: 3 }]);
  });

  it("is N one-image calls with consecutive seeds, wrapping below the ceiling", () => {
    const requests = buildProviderRequests("bytedance/seedream-4-5", { prompt: "a", num_images: 3, watermark: true }, ["data:image/png;base64,AA=="], SEED_MAX - 1);
    expect(requests.map((request) => request.seed)).toEqual([SEED_MAX - 1, SEED_MAX, 1]);
    for (const request of requests) {
      expect(request).toMatchObject({ model: "bytedance/seedream-4-5", watermark: true, image_urls: ["data:image/png;base64,AA=="] });
      expect(providerRequest.safeParse(request).success).toBe(true);
    }
  });
});

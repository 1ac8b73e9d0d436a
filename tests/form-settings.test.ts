import { describe, expect, it } from "vitest";
import {
  customSizeFrom,
  DEFAULT_FORM_SETTINGS,
  formAfterRun,
  randomSeed,
  resizeKeepingAspect,
  settingsFromGeneration,
} from "@/components/studio/composer/form-settings";
import { toGenerationSettings } from "@/components/studio/composer/form-check";
import { PRESET_PIXELS, SEED_MAX } from "@/lib/shared/seedream/limits";
import type { GenerationView } from "@/lib/shared/gallery/view";

const form = (patch: Partial<typeof DEFAULT_FORM_SETTINGS>) => ({ ...DEFAULT_FORM_SETTINGS, prompt: "a fox", ...patch });

describe("the prompt form's settings", () => {
  it("become the contract's settings, omitting a random seed", () => {
    expect(toGenerationSettings(form({}))).toEqual({
      ok: true,
      settings: { prompt: "a fox", image_size: "square_hd", num_images: 1, enable_safety_checker: true },
    });
  });

  it("carry a custom size and a seed", () => {
    const check = toGenerationSettings(form({ size: { kind: "custom", width: 2048, height: 1536 }, seed: 42, numImages: 3 }));
    expect(check).toMatchObject({ ok: true, settings: { image_size: { width: 2048, height: 1536 }, seed: 42, num_images: 3 } });
  });

  it("explain each bad field beside it", () => {
    const check = toGenerationSettings(form({ prompt: " ", size: { kind: "custom", width: 800, height: 5000 }, seed: 0, numImages: 5 }));
    expect(check).toEqual({
      ok: false,
      problems: {
        prompt: "Write a prompt first.",
        width: "Width and height must be at least 1024 pixels.",
        height: "Width and height must be at most 4096 pixels.",
        numImages: "Ask for at most 4 images.",
        seed: "The seed must be at least 1.",
      },
    });
  });

  it("clear an unlocked seed after a run and keep a locked one", () => {
    expect(formAfterRun(form({ seed: 7 })).seed).toBeNull();
    expect(formAfterRun(form({ seed: 7, seedLocked: true })).seed).toBe(7);
  });

  it("take a result's prompt, size, count and seed back, seed locked", () => {
    const generation = {
      prompt: "a heron",
      parameters: { image_size: { width: 1024, height: 2048 }, num_images: 2 },
      seed: 99,
    } as unknown as GenerationView;
    expect(settingsFromGeneration(generation, form({}))).toMatchObject({
      prompt: "a heron",
      size: { kind: "custom", width: 1024, height: 2048 },
      numImages: 2,
      seed: 99,
      seedLocked: true,
    });
  });

  it("keep the aspect ratio when one side changes, rounding the other", () => {
    expect(resizeKeepingAspect(2048, 1536, "width", 4096)).toEqual({ width: 4096, height: 3072 });
    expect(resizeKeepingAspect(2048, 1536, "height", 2000)).toEqual({ width: 2667, height: 2000 });
    expect(resizeKeepingAspect(1024, 1820, "width", 1100)).toEqual({ width: 1100, height: 1955 });
  });

  it("keep the following side within 1024–4096, and the typed side as typed", () => {
    expect(resizeKeepingAspect(2048, 1024, "width", 1500)).toEqual({ width: 1500, height: 1024 });
    expect(resizeKeepingAspect(1024, 2048, "width", 3000)).toEqual({ width: 3000, height: 4096 });
    expect(resizeKeepingAspect(1024, 1024, "width", 800)).toEqual({ width: 800, height: 1024 });
    expect(resizeKeepingAspect(1024, 1024, "height", 5000)).toEqual({ width: 4096, height: 5000 });
  });

  it("leave the other side alone when the shape or the value is unknown", () => {
    expect(resizeKeepingAspect(2048, 1536, "width", Number.NaN)).toEqual({ width: Number.NaN, height: 1536 });
    expect(resizeKeepingAspect(Number.NaN, 1536, "height", 2048)).toEqual({ width: Number.NaN, height: 2048 });
    expect(resizeKeepingAspect(2048, 0, "width", 1024)).toEqual({ width: 1024, height: 0 });
  });

  it("scale a preset's shape into 1024–4096 for a custom size", () => {
    expect(customSizeFrom(PRESET_PIXELS.square)).toEqual({ width: 1024, height: 1024 });
    expect(customSizeFrom(PRESET_PIXELS.portrait_16_9)).toEqual({ width: 1024, height: 1820 });
    expect(customSizeFrom(PRESET_PIXELS.landscape_4_3)).toEqual({ width: 1365, height: 1024 });
    expect(customSizeFrom({ width: 8192, height: 4096 })).toEqual({ width: 4096, height: 2048 });
    expect(customSizeFrom({ width: 1000, height: 8000 })).toEqual({ width: 1024, height: 4096 });
  });

  it("draw seeds from 1 to the provider's ceiling", () => {
    expect(randomSeed(() => 0)).toBe(1);
    expect(randomSeed(() => 1 - Number.EPSILON)).toBe(SEED_MAX);
    for (let i = 0; i < 100; i++) {
      const seed = randomSeed();
      expect(Number.isInteger(seed) && seed >= 1 && seed <= SEED_MAX).toBe(true);
    }
  });
});

describe("the composer's remembered choices and an edit's shape", () => {
  it("keeps size, count, seed lock and safety across a reload, never the prompt or an unlocked seed", async () => {
    const { rememberedOf, restoreSettings } = await import("@/components/studio/composer/remembered-settings");
    const chosen = form({ prompt: "secret", size: { kind: "preset", preset: "landscape_16_9" }, numImages: 3, seed: 77, seedLocked: false, safetyChecker: false });
    const stored = JSON.stringify(rememberedOf(chosen));
    expect(stored).not.toContain("secret");
    const restored = restoreSettings(stored);
    expect(restored).toMatchObject({ prompt: "", size: { kind: "preset", preset: "landscape_16_9" }, numImages: 3, seed: null, safetyChecker: false });
    expect(restoreSettings(JSON.stringify(rememberedOf(form({ seed: 77, seedLocked: true }))))).toMatchObject({ seed: 77, seedLocked: true });
  });

  it("ignores stored values that are unreadable or out of range", async () => {
    const { restoreSettings } = await import("@/components/studio/composer/remembered-settings");
    expect(restoreSettings("{not json")).toEqual(DEFAULT_FORM_SETTINGS);
    expect(restoreSettings(JSON.stringify({ numImages: 9, size: { kind: "custom", width: 10, height: 10 } }))).toEqual(DEFAULT_FORM_SETTINGS);
    expect(restoreSettings(JSON.stringify({ numImages: 2, size: { kind: "custom", width: 10, height: 10 } }))).toEqual(DEFAULT_FORM_SETTINGS);
  });

  it("gives an edit its first input's shape by default, and the chosen size when that is turned off", () => {
    const input = { width: 900, height: 1600 };
    const matched = toGenerationSettings(form({}), 1, input);
    expect(matched.ok && matched.settings.image_size).toEqual(customSizeFrom(input));
    const chosen = toGenerationSettings(form({ matchInputAspect: false }), 1, input);
    expect(chosen.ok && chosen.settings.image_size).toBe("square_hd");
    const prompt = toGenerationSettings(form({}), 0, null);
    expect(prompt.ok && prompt.settings.image_size).toBe("square_hd");
  });
});

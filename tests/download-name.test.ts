import { describe, expect, it } from "vitest";
import { downloadFileName } from "@/components/studio/gallery/download";
import type { GenerationView, ImageView } from "@/lib/shared/gallery/view";
import { EDIT_MODEL, TEXT_TO_IMAGE_MODEL } from "@/lib/shared/seedream/limits";

// Local noon: the date in the name is the person's own calendar day.
const NOV_23 = new Date(2026, 10, 23, 12, 0, 0).getTime();

function output(overrides: Partial<ImageView> = {}): ImageView {
  const id = overrides.id ?? "3f0b6c1e-0000-4000-8000-000000000001";
  return {
    id,
    url: `/api/images/${id}`,
    thumbnailUrl: `/api/images/${id}/thumbnail`,
    width: 1024,
    height: 1024,
    mime: "image/png",
    bytes: 1_234_567,
    origin: "output",
    fileName: null,
    generationId: "gen-1",
    seed: 1234,
    createdAt: NOV_23,
    ...overrides,
  };
}

function generation(prompt: string, outputs: ImageView[], overrides: Partial<GenerationView> = {}): GenerationView {
  return {
    id: "gen-1",
    status: "succeeded",
    model: TEXT_TO_IMAGE_MODEL,
    prompt,
    parameters: { image_size: "square_hd", num_images: outputs.length },
    inputImageIds: [],
    error: null,
    creditsUsed: 63_000,
    seed: 1234,
    createdAt: NOV_23,
    startedAt: NOV_23,
    finishedAt: NOV_23 + 4_200,
    retryOf: null,
    replayOf: null,
    outputs,
    ...overrides,
  };
}

function nameFor(prompt: string, image: ImageView = output(), extra: Partial<GenerationView> = {}): string {
  return downloadFileName(image, generation(prompt, [image], extra));
}

function upload(fileName: string | null, mime = "image/png"): ImageView {
  return output({ origin: "upload", fileName, mime, seed: null, generationId: null });
}

/** What every name must be, whatever went in: one safe path segment with an image extension. */
function expectSafe(name: string): void {
  expect(name).not.toMatch(/[\\/<>:"|?*\u0000-\u001f\u202a-\u202e\u2066-\u2069]/);
  expect(name).not.toMatch(/^[.\s]|[.\s]$/);
  expect(name).toMatch(/\.(png|jpe?g|webp)$/i);
  expect(new TextEncoder().encode(name).length).toBeLessThanOrEqual(255);
}

describe("the download name of a result", () => {
  it("says when, what, which seed and which output", () => {
    expect(nameFor("A lighthouse on a cliff")).toBe("seedream-2026-11-23-a-lighthouse-on-a-cliff-seed-1234-1.png");
  });

  it("numbers each output of a generation from 1", () => {
    const first = output({ id: "a" });
    const second = output({ id: "b" });
    const both = generation("Two foxes", [first, second]);
    expect(downloadFileName(second, both)).toBe("seedream-2026-11-23-two-foxes-seed-1234-2.png");
  });

  it("uses the image's own seed over the generation's, and leaves the seed out when none is known", () => {
    expect(nameFor("Fog", output({ seed: 77 }))).toBe("seedream-2026-11-23-fog-seed-77-1.png");
    expect(nameFor("Fog", output({ seed: null }), { seed: null })).toBe("seedream-2026-11-23-fog-1.png");
    expect(nameFor("Fog", output({ seed: null }), { seed: 9 })).toBe("seedream-2026-11-23-fog-seed-9-1.png");
  });

  it("takes the extension from the bytes' type", () => {
    expect(nameFor("Fog", output({ mime: "image/jpeg" }))).toBe("seedream-2026-11-23-fog-seed-1234-1.jpg");
    expect(nameFor("Fog", output({ mime: "image/webp" }))).toBe("seedream-2026-11-23-fog-seed-1234-1.webp");
  });

  it("drops emoji and keeps the words around them", () => {
    expect(nameFor("🌅 Sunset over 🏔️ mountains 🚀")).toBe("seedream-2026-11-23-sunset-over-mountains-seed-1234-1.png");
  });

  it("leaves the slug out when no letter of the prompt has an ASCII form", () => {
    expect(nameFor("منارة على جرف عند الغسق")).toBe("seedream-2026-11-23-seed-1234-1.png");
    expect(nameFor("מגדלור על צוק")).toBe("seedream-2026-11-23-seed-1234-1.png");
    expect(nameFor("🌊🌊🌊")).toBe("seedream-2026-11-23-seed-1234-1.png");
  });

  it("keeps the Latin words of a prompt that mixes scripts", () => {
    expect(nameFor("A lighthouse منارة at dusk")).toBe("seedream-2026-11-23-a-lighthouse-at-dusk-seed-1234-1.png");
  });

  it("folds accents and special letters into plain ASCII", () => {
    expect(nameFor("Crème brûlée à la française, naïve Straße, Ærø")).toBe(
      "seedream-2026-11-23-creme-brulee-a-la-francaise-naive-strasse-aero-seed-1234-1.png",
    );
  });

  it("turns slashes, dots and path tricks into plain separators", () => {
    for (const prompt of ["../../etc/passwd", "C:\\Windows\\system32", "v1.5 / a.b.c", "...", "con"]) {
      const name = nameFor(prompt);
      expectSafe(name);
      expect(name.split(".")).toHaveLength(2);
    }
    expect(nameFor("../../etc/passwd")).toBe("seedream-2026-11-23-etc-passwd-seed-1234-1.png");
    expect(nameFor("v1.5 / a.b.c")).toBe("seedream-2026-11-23-v1-5-a-b-c-seed-1234-1.png");
  });

  it("cuts a long prompt to at most 48 characters, at a word boundary", () => {
    const prompt =
      "A very long prompt describing a lighthouse standing on a rugged cliff at dusk with warm light in every window";
    const name = nameFor(prompt);
    const slug = name.replace(/^seedream-2026-11-23-/, "").replace(/-seed-1234-1\.png$/, "");
    expect(slug).toBe("a-very-long-prompt-describing-a-lighthouse");
    expect(slug.length).toBeLessThanOrEqual(48);
  });

  it("cuts a single endless word exactly at the limit", () => {
    const name = nameFor("x".repeat(500));
    expect(name).toBe(`seedream-2026-11-23-${"x".repeat(48)}-seed-1234-1.png`);
  });

  it("still names an output whose generation is unknown", () => {
    expect(downloadFileName(output(), null)).toBe("seedream-2026-11-23-seed-1234.png");
  });

  it("names an edit the same way", () => {
    expect(nameFor("make it sepia", output(), { model: EDIT_MODEL, inputImageIds: ["x"] })).toBe(
      "seedream-2026-11-23-make-it-sepia-seed-1234-1.png",
    );
  });
});

describe("the download name of an upload", () => {
  it("is the original name", () => {
    expect(downloadFileName(upload("lake.png"), null)).toBe("lake.png");
    expect(downloadFileName(upload("Holiday photo 2026.PNG"), null)).toBe("Holiday photo 2026.PNG");
    expect(downloadFileName(upload("湖の写真.png"), null)).toBe("湖の写真.png");
  });

  it("keeps any spelling of the right extension and fixes a wrong one", () => {
    expect(downloadFileName(upload("photo.jpeg", "image/jpeg"), null)).toBe("photo.jpeg");
    expect(downloadFileName(upload("IMG_0042.HEIC", "image/jpeg"), null)).toBe("IMG_0042.jpg");
    expect(downloadFileName(upload("scan.png", "image/webp"), null)).toBe("scan.webp");
    expect(downloadFileName(upload("notes.v1.5", "image/png"), null)).toBe("notes.v1.5.png");
    expect(downloadFileName(upload("invoice.exe", "image/png"), null)).toBe("invoice.exe.png");
  });

  it("loses any directory part and characters file systems refuse", () => {
    expect(downloadFileName(upload("../../etc/passwd"), null)).toBe("passwd.png");
    expect(downloadFileName(upload("C:\\Users\\me\\Desktop\\cat.png"), null)).toBe("cat.png");
    expect(downloadFileName(upload('what? <a>:"b"|*.png'), null)).toBe("what_ _a___b___.png");
  });

  it("cannot hide a file or disguise its extension", () => {
    expect(downloadFileName(upload(".hidden.png"), null)).toBe("hidden.png");
    expect(downloadFileName(upload("photo\u202Egnp.exe"), null)).toBe("photognp.exe.png");
    expect(downloadFileName(upload("tab\tand\nnewline.png"), null)).toBe("tabandnewline.png");
    expect(downloadFileName(upload("trailing dots....png"), null)).toBe("trailing dots.png");
    expect(downloadFileName(upload("CON.png"), null)).toBe("_CON.png");
  });

  it("keeps joiners that emoji and scripts need", () => {
    expect(downloadFileName(upload("family 👨\u200D👩\u200D👧.png"), null)).toBe("family 👨\u200D👩\u200D👧.png");
  });

  it("stays within what a file system can store", () => {
    const name = downloadFileName(upload(`${"長".repeat(300)}.png`), null);
    expectSafe(name);
    expect(name).toMatch(/^長+\.png$/);
  });

  it("falls back to a dated name when nothing of the original survives", () => {
    expect(downloadFileName(upload(null), null)).toBe("seedream-upload-2026-11-23.png");
    expect(downloadFileName(upload("..."), null)).toBe("seedream-upload-2026-11-23.png");
    expect(downloadFileName(upload("/////"), null)).toBe("seedream-upload-2026-11-23.png");
  });

  it("always yields one safe path segment", () => {
    for (const fileName of ["a/b\\c.png", "  spaced  .png", "\u0000null.png", "x".repeat(400), "?.jpg"]) {
      expectSafe(downloadFileName(upload(fileName), null));
    }
  });
});

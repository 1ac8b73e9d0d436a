import { describe, expect, it } from "vitest";
import type { GenerationView, ImageView } from "@/lib/shared/gallery/view";
import { renumberMentions } from "@/lib/shared/prompt/mentions";
import { moveItem, overflowSentence, renumbering, sourceLabel, sourceOf, takeRoom, TRAY_CAPACITY, type TraySource } from "@/components/studio/tray/tray-state";
import { parseStoredTray } from "@/components/studio/tray/tray-source";

const image = (id: string): ImageView => ({
  id,
  url: `/api/images/${id}`,
  thumbnailUrl: `/api/images/${id}/thumbnail`,
  width: 1024,
  height: 1024,
  mime: "image/png",
  bytes: 1000,
  origin: "upload",
  fileName: `${id}.png`,
  generationId: null,
  seed: null,
  createdAt: 0,
});

const output = (id: string): ImageView => ({ ...image(id), origin: "output", fileName: null, generationId: "g" });

describe("the tray's order", () => {
  it("moves one image and shifts the others", () => {
    expect(moveItem(["a", "b", "c"], 2, 0)).toEqual(["c", "a", "b"]);
    expect(moveItem(["a", "b", "c"], 0, 2)).toEqual(["b", "c", "a"]);
    expect(moveItem(["a", "b", "c"], 1, 2)).toEqual(["a", "c", "b"]);
  });

  it("leaves the order as it is for a move that goes nowhere, and never changes the list given", () => {
    const list = ["a", "b", "c"];
    expect(moveItem(list, 1, 1)).toEqual(list);
    expect(moveItem(list, 0, -1)).toEqual(list);
    expect(moveItem(list, 2, 3)).toEqual(list);
    expect(moveItem(list, 5, 0)).toEqual(list);
    expect(list).toEqual(["a", "b", "c"]);
  });
});

describe("how the tray's numbers change", () => {
  it("says where each number went when images move", () => {
    expect(renumbering(["a", "b", "c"], ["b", "a", "c"])).toEqual(new Map([[1, 2], [2, 1], [3, 3]]));
    expect(renumbering(["a", "b", "c"], moveItem(["a", "b", "c"], 2, 0))).toEqual(new Map([[1, 2], [2, 3], [3, 1]]));
  });

  it("says which number left and shifts the later ones down", () => {
    expect(renumbering(["a", "b", "c"], ["a", "c"])).toEqual(new Map([[1, 1], [2, null], [3, 2]]));
    expect(renumbering(["a"], [])).toEqual(new Map([[1, null]]));
  });

  it("says nothing when no number already in use changed: appending, or an upload finishing", () => {
    expect(renumbering(["a", "b"], ["a", "b", "c"])).toBeNull();
    expect(renumbering([], ["a"])).toBeNull();
    expect(renumbering(["a", "b"], ["a", "b"])).toBeNull();
  });

  it("moves the prompt's words with the pictures", () => {
    const swapped = renumbering(["a", "b", "c"], ["b", "a", "c"])!;
    expect(renumberMentions("put image 1 on image 2 next to image 3", swapped)).toBe("put image 2 on image 1 next to image 3");
    const removed = renumbering(["b", "a", "c"], ["b", "c"])!;
    expect(renumberMentions("put image 2 on image 1 next to image 3", removed)).toBe("put image ? on image 1 next to image 2");
  });
});

describe("the tray's capacity", () => {
  it("holds ten, keeps the first that fit, and counts the rest", () => {
    expect(TRAY_CAPACITY).toBe(10);
    const eleven = Array.from({ length: 11 }, (_, index) => index);
    expect(takeRoom(eleven, 0)).toEqual({ kept: eleven.slice(0, 10), leftOut: 1 });
    expect(takeRoom([1, 2, 3], 8)).toEqual({ kept: [1, 2], leftOut: 1 });
    expect(takeRoom([1, 2], 10)).toEqual({ kept: [], leftOut: 2 });
    expect(takeRoom([1, 2], 3)).toEqual({ kept: [1, 2], leftOut: 0 });
  });

  it("says in one sentence how many were left out", () => {
    expect(overflowSentence(2)).toBe("The tray holds at most 10 images; 2 were left out.");
    expect(overflowSentence(1)).toBe("The tray holds at most 10 images; 1 was left out.");
  });
});

const generation = (prompt: string, outputs: ImageView[]): GenerationView =>
  ({ id: "g", prompt, outputs }) as unknown as GenerationView;

describe("where an input came from", () => {
  it("is the result of a generation when that is known, numbered from 1", () => {
    const outputs = [output("x"), output("y")];
    expect(sourceOf(outputs[1]!, generation("a lighthouse", outputs))).toEqual({ kind: "result", prompt: "a lighthouse", output: 2 });
  });

  it("is the uploaded file, or the gallery when nothing more is known", () => {
    expect(sourceOf(image("a"))).toEqual({ kind: "upload", fileName: "a.png" });
    expect(sourceOf(output("x"))).toEqual({ kind: "gallery" });
    expect(sourceOf(output("x"), generation("elsewhere", [output("y")]))).toEqual({ kind: "gallery" });
  });

  it("reads as a file name, a result of a shortened prompt, or the gallery", () => {
    expect(sourceLabel({ kind: "upload", fileName: "red.png" })).toBe("red.png");
    expect(sourceLabel({ kind: "result", prompt: "a lighthouse", output: 2 })).toBe("Result 2 of “a lighthouse”");
    expect(sourceLabel({ kind: "result", prompt: "a lighthouse on a cliff at dusk,\n warm light in every window", output: 1 })).toBe(
      "Result 1 of “a lighthouse on a cliff at dusk…”",
    );
    expect(sourceLabel({ kind: "gallery" })).toBe("From the gallery");
  });
});

describe("the stored tray", () => {
  const result: TraySource = { kind: "result", prompt: "a lighthouse", output: 1 };

  it("reads back what was saved, in order, with where each image came from", () => {
    const saved = [
      { image: output("b"), source: result },
      { image: image("a"), source: { kind: "upload", fileName: "a.png" } },
      { image: output("c"), source: { kind: "gallery" } },
    ];
    expect(parseStoredTray(JSON.stringify(saved))).toEqual(saved);
  });

  it("reads a tray stored before it kept provenance", () => {
    expect(parseStoredTray(JSON.stringify([image("b"), output("a")]))).toEqual([
      { image: image("b"), source: { kind: "upload", fileName: "b.png" } },
      { image: output("a"), source: { kind: "gallery" } },
    ]);
  });

  it("ignores what is missing, broken or not an image view", () => {
    expect(parseStoredTray(null)).toEqual([]);
    expect(parseStoredTray("{not json")).toEqual([]);
    expect(parseStoredTray(JSON.stringify({ id: "a" }))).toEqual([]);
    expect(parseStoredTray(JSON.stringify([image("a"), { id: "x" }, null, "b", { image: { id: "y" }, source: result }, { source: result }]))).toEqual([
      { image: image("a"), source: { kind: "upload", fileName: "a.png" } },
    ]);
    expect(parseStoredTray(JSON.stringify([{ ...image("n"), fileName: { toString: "x" } }]))).toEqual([]);
  });

  it("never shows a provenance that does not parse: the image says where it came from instead", () => {
    const broken = [
      { kind: "result", prompt: 42, output: 1 },
      { kind: "result", prompt: "a", output: 0 },
      { kind: "result", prompt: "a", output: 1.5 },
      { kind: "result", prompt: "x".repeat(4001), output: 1 },
      { kind: "upload", fileName: "" },
      { kind: "upload", fileName: ["a.png"] },
      { kind: "teleported" },
      "Result 1",
      null,
    ];
    for (const source of broken) {
      expect(parseStoredTray(JSON.stringify([{ image: output("x"), source }])), JSON.stringify(source)).toEqual([
        { image: output("x"), source: { kind: "gallery" } },
      ]);
    }
    expect(parseStoredTray(JSON.stringify([{ image: image("u"), source: { kind: "upload", fileName: 7 } }]))).toEqual([
      { image: image("u"), source: { kind: "upload", fileName: "u.png" } },
    ]);
  });

  it("never restores more than the tray holds for the model that takes most (14)", () => {
    const many = Array.from({ length: 16 }, (_, index) => image(String(index)));
    expect(parseStoredTray(JSON.stringify(many))).toHaveLength(14);
  });
});

import { describe, expect, it } from "vitest";
import { diffWords, tokenize, type DiffSegment } from "@/lib/shared/prompt/diff";

const side = (segments: DiffSegment[], kept: "removed" | "added") =>
  segments.filter((segment) => segment.kind === "same" || segment.kind === kept).map((segment) => segment.text).join("");

/** Every diff must give back both texts: the parent without the additions, the child without the removals. */
function diff(before: string, after: string, maxCells?: number): DiffSegment[] {
  const segments = diffWords(before, after, maxCells);
  expect(side(segments, "removed")).toBe(before);
  expect(side(segments, "added")).toBe(after);
  expect(segments.every((segment) => segment.text.length > 0)).toBe(true);
  segments.slice(1).forEach((segment, index) => expect(segment.kind).not.toBe(segments[index]!.kind));
  return segments;
}

describe("a prompt's diff", () => {
  it("is one unchanged segment for identical prompts, and nothing for two empty ones", () => {
    expect(diff("a lighthouse at dusk", "a lighthouse at dusk")).toEqual([{ kind: "same", text: "a lighthouse at dusk" }]);
    expect(diff("", "")).toEqual([]);
  });

  it("shows a pure insertion", () => {
    expect(diff("a lighthouse at dusk", "a tall lighthouse at dusk")).toEqual([
      { kind: "same", text: "a " },
      { kind: "added", text: "tall " },
      { kind: "same", text: "lighthouse at dusk" },
    ]);
  });

  it("shows a deletion", () => {
    expect(diff("a tall white lighthouse", "a lighthouse")).toEqual([
      { kind: "same", text: "a " },
      { kind: "removed", text: "tall white " },
      { kind: "same", text: "lighthouse" },
    ]);
  });

  it("shows a replacement in the middle as one change, not around a shared space", () => {
    expect(diff("a red cat sat on the mat", "a blue dog sat on the mat")).toEqual([
      { kind: "same", text: "a " },
      { kind: "removed", text: "red cat" },
      { kind: "added", text: "blue dog" },
      { kind: "same", text: " sat on the mat" },
    ]);
  });

  it("treats punctuation as its own word", () => {
    expect(diff("a cat.", "a cat!")).toEqual([
      { kind: "same", text: "a cat" },
      { kind: "removed", text: "." },
      { kind: "added", text: "!" },
    ]);
    expect(diff("red, green", "red, blue")).toEqual([
      { kind: "same", text: "red, " },
      { kind: "removed", text: "green" },
      { kind: "added", text: "blue" },
    ]);
  });

  it("keeps accented letters, emoji and CJK words whole", () => {
    expect(tokenize("café 👩‍👩‍👧")).toEqual(["café", " ", "👩‍👩‍👧"]);
    expect(diff("un café noir", "un café crème")).toEqual([
      { kind: "same", text: "un café " },
      { kind: "removed", text: "noir" },
      { kind: "added", text: "crème" },
    ]);
    expect(diff("a 👩‍👩‍👧 family", "a 👨‍👩‍👧 family")).toEqual([
      { kind: "same", text: "a " },
      { kind: "removed", text: "👩‍👩‍👧" },
      { kind: "added", text: "👨‍👩‍👧" },
      { kind: "same", text: " family" },
    ]);
    const segments = diff("東京の夜景", "東京の朝景");
    expect(segments[0]).toEqual({ kind: "same", text: "東京の" });
  });

  it("keeps whitespace runs, line breaks included, as written", () => {
    diff("one  two\nthree", "one two\n\nthree");
    expect(tokenize("a  \n b")).toEqual(["a", "  \n ", "b"]);
  });

  it("shows everything as added when there was no parent prompt, and as removed when the child has none", () => {
    expect(diff("", "a lighthouse")).toEqual([{ kind: "added", text: "a lighthouse" }]);
    expect(diff("a lighthouse", "")).toEqual([{ kind: "removed", text: "a lighthouse" }]);
  });

  it("replaces the changed middle whole when it is too large to compare word by word", () => {
    const before = `start ${Array.from({ length: 60 }, (_, index) => `a${index}`).join(" ")} end`;
    const after = `start ${Array.from({ length: 60 }, (_, index) => (index % 2 ? `a${index}` : `b${index}`)).join(" ")} end`;
    const compared = diff(before, after);
    expect(compared.filter((segment) => segment.kind === "same").length).toBeGreaterThan(2);

    const bounded = diff(before, after, 100);
    expect(bounded.map((segment) => segment.kind)).toEqual(["same", "removed", "added", "same"]);
    expect(bounded[0]).toEqual({ kind: "same", text: "start " });
    expect(bounded[3]).toEqual({ kind: "same", text: " a59 end" });
  });

  it("answers quickly at the longest allowed prompts, comparing word by word up to the bound", () => {
    const words = (count: number, word: (index: number) => string) => Array.from({ length: count }, (_, index) => word(index)).join(" ");
    const started = performance.now();
    const unrelated = diff(words(800, (index) => `x${index}`).slice(0, 4000), words(800, (index) => `y${index}`).slice(0, 4000));
    expect(unrelated.map((segment) => segment.kind)).toEqual(["removed", "added"]);
    // 495 words and 494 spaces a side: just under the bound, so every other word is still found.
    const halfChanged = diff(words(495, (index) => `w${index}`), words(495, (index) => (index % 2 ? `w${index}` : `v${index}`)));
    expect(halfChanged.filter((segment) => segment.kind === "same").length).toBeGreaterThan(200);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

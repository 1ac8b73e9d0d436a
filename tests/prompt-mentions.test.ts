import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findMentions, insertAtCaret, mentionProblem, renumberMentions, type Renumbering } from "@/lib/shared/prompt/mentions";

const numbers = (prompt: string) => findMentions(prompt).map((mention) => mention.number);
const texts = (prompt: string) => findMentions(prompt).map(({ start, end }) => prompt.slice(start, end));
const swap = (a: number, b: number): Renumbering => new Map([[a, b], [b, a]]);
/** The tray's change when the input at `removed` (1-based) leaves a tray of `count`. */
const removal = (removed: number, count: number): Renumbering =>
  new Map(Array.from({ length: count }, (_, index) => index + 1).map((old) => [old, old === removed ? null : old > removed ? old - 1 : old]));

describe("finding mentions", () => {
  it("reads image, img and picture in any case, keeping what was written", () => {
    expect(texts("Put Image 1 on IMAGE 2, then img 3 and picture 4.")).toEqual(["Image 1", "IMAGE 2", "img 3", "picture 4"]);
    expect(numbers("Put Image 1 on IMAGE 2, then img 3 and picture 4.")).toEqual([1, 2, 3, 4]);
  });

  it("reads the whole number: image 10 is not image 1 followed by 0", () => {
    expect(numbers("image 10 and image 1")).toEqual([10, 1]);
    expect(numbers("image 123")).toEqual([123]);
  });

  it("takes several spaces, a tab or no space between word and number, but not a line break", () => {
    expect(texts("image   2 and image\t3 and image4")).toEqual(["image   2", "image\t3", "image4"]);
    expect(numbers("Keep the image\n2. Add a hat")).toEqual([]);
    expect(numbers("image\r\n2")).toEqual([]);
  });

  it("ignores the words inside other words and numbers that go on", () => {
    for (const prompt of ["myimage 2", "images 2", "image 2nd", "image 2x", "image 2.5", "image 2,5", "image1.png", "img2img", "image 1-3", "image 1 – 3"]) {
      expect(numbers(prompt), prompt).toEqual([]);
    }
  });

  it("takes punctuation and brackets around a mention", () => {
    expect(numbers("(image 2), image 3. image 4: “image 5”! image 6?")).toEqual([2, 3, 4, 5, 6]);
    expect(numbers("image 2's sky")).toEqual([2]);
  });

  it("reads only ASCII digits", () => {
    expect(numbers("image ２ and image ٢ and image ૨")).toEqual([]);
  });

  it("reads 'image ?' as a mention of nothing, but not a question", () => {
    expect(numbers("put image ? on image 1")).toEqual([null, 1]);
    expect(numbers("which image? the red one")).toEqual([]);
  });
});

describe("renumbering", () => {
  it("swaps image 1 and image 2 in one pass", () => {
    expect(renumberMentions("put image 1 on image 2", swap(1, 2))).toBe("put image 2 on image 1");
  });

  it("swaps image 1 and image 10 in one prompt without touching the 1 inside 10", () => {
    expect(renumberMentions("image 1 beside image 10, Image 10 over img 1", swap(1, 10))).toBe("image 10 beside image 1, Image 1 over img 10");
  });

  it("keeps the writer's words, case and spacing; only the numbers change", () => {
    expect(renumberMentions("IMAGE   1 and Picture\t2.", swap(1, 2))).toBe("IMAGE   2 and Picture\t1.");
  });

  it("shifts later numbers down when an input leaves, and marks mentions of it as 'image ?'", () => {
    expect(renumberMentions("put image 1 on image 2 next to image 3", removal(2, 3))).toBe("put image 1 on image ? next to image 2");
    expect(renumberMentions("image 1 and image1", removal(1, 1))).toBe("image ? and image?");
  });

  it("leaves mentions the tray never held, and marks already made, as they are", () => {
    expect(renumberMentions("image 7 and image ? and image 3", removal(1, 3))).toBe("image 7 and image ? and image 2");
  });

  it("handles numbers above ten", () => {
    const reversed: Renumbering = new Map(Array.from({ length: 12 }, (_, index) => [index + 1, 12 - index]));
    expect(renumberMentions("image 12, image 11 and image 1", reversed)).toBe("image 1, image 2 and image 12");
  });

  it("changes nothing under the identity", () => {
    const prompt = "image 1 on image 2, picture 10\nimage ?";
    const identity: Renumbering = new Map(Array.from({ length: 10 }, (_, index) => [index + 1, index + 1]));
    expect(renumberMentions(prompt, identity)).toBe(prompt);
    expect(renumberMentions(prompt, new Map())).toBe(prompt);
  });

  it("returns the original after the same swap twice", () => {
    const prompt = "put image 1 on image 2 next to image 3";
    expect(renumberMentions(renumberMentions(prompt, swap(1, 3)), swap(1, 3))).toBe(prompt);
  });

  it("returns the original after a permutation and then its inverse", () => {
    const words = fc.constantFrom("image", "Image", "IMG", "picture", "images", "myimage");
    const spaces = fc.constantFrom("", " ", "  ", "\t", "\n");
    const mention = fc.tuple(words, spaces, fc.integer({ min: 0, max: 12 })).map(([word, space, n]) => `${word}${space}${n}`);
    const filler = fc.constantFrom(" ", " on ", ", ", ". ", " image 2nd ", " 3 ", "(", ")", "\n", " img ", "é");
    const prompt = fc.array(fc.oneof(mention, filler), { maxLength: 20 }).map((parts) => parts.join(""));
    const permutation = fc.integer({ min: 1, max: 12 }).chain((size) =>
      fc.shuffledSubarray(Array.from({ length: size }, (_, index) => index + 1), { minLength: size, maxLength: size }),
    );
    fc.assert(
      fc.property(prompt, permutation, (text, order) => {
        const forward: Renumbering = new Map(order.map((to, index) => [index + 1, to]));
        const back: Renumbering = new Map(order.map((to, index) => [to, index + 1]));
        expect(renumberMentions(renumberMentions(text, forward), back)).toBe(text);
      }),
    );
  });
});

describe("inserting a mention at the caret", () => {
  it("adds a space where the mention would run into a word, and puts the caret after it", () => {
    expect(insertAtCaret("put ", 4, 4, "image 1")).toEqual({ text: "put image 1", caret: 11 });
    expect(insertAtCaret("put", 3, 3, "image 1")).toEqual({ text: "put image 1", caret: 11 });
    expect(insertAtCaret("put on", 4, 4, "image 1")).toEqual({ text: "put image 1 on", caret: 11 });
    expect(insertAtCaret("puton", 3, 3, "image 1")).toEqual({ text: "put image 1 on", caret: 11 });
  });

  it("adds no space at the start, the end, before punctuation or after an opening bracket", () => {
    expect(insertAtCaret("", 0, 0, "image 1")).toEqual({ text: "image 1", caret: 7 });
    expect(insertAtCaret(" on top", 0, 0, "image 2")).toEqual({ text: "image 2 on top", caret: 7 });
    expect(insertAtCaret("like (), see", 6, 6, "image 2")).toEqual({ text: "like (image 2), see", caret: 13 });
    expect(insertAtCaret("the cat.", 7, 7, "image 2")).toEqual({ text: "the cat image 2.", caret: 15 });
  });

  it("replaces a selection, whichever way it was made, and keeps positions inside the text", () => {
    expect(insertAtCaret("put the cat on it", 8, 11, "image 3")).toEqual({ text: "put the image 3 on it", caret: 15 });
    expect(insertAtCaret("put the cat on it", 11, 8, "image 3")).toEqual({ text: "put the image 3 on it", caret: 15 });
    expect(insertAtCaret("abc", 99, 99, "image 1")).toEqual({ text: "abc image 1", caret: 11 });
  });
});

describe("the note under the prompt", () => {
  it("names the numbers the tray does not hold", () => {
    expect(mentionProblem("put image 4 on image 1", 3)).toBe("The prompt mentions image 4, but the tray holds 3 images.");
    expect(mentionProblem("image 5, image 4, image 5 and image 0", 1)).toBe("The prompt mentions images 0, 4 and 5, but the tray holds 1 image.");
    expect(mentionProblem("use image 1", 0)).toBe("The prompt mentions image 1, but the tray holds no images.");
  });

  it("explains 'image ?'", () => {
    expect(mentionProblem("put image ? on image 1", 1)).toBe("“image ?” marks an image that left the tray: say which image you mean.");
  });

  it("says nothing when every mention has its picture", () => {
    expect(mentionProblem("put image 1 on image 2", 2)).toBeNull();
    expect(mentionProblem("a lighthouse at dusk", 0)).toBeNull();
  });
});

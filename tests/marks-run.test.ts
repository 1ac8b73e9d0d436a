import { describe, expect, it } from "vitest";
import { withApplied, type AppliedMarks } from "@/components/studio/marks/marks-state";
import { markedRun, MarkedRunError } from "@/components/studio/marks/marked-run";
import { parseStoredMarks } from "@/components/studio/marks/stored-marks";
import type { ImageView } from "@/lib/shared/gallery/view";
import { commit, redo, startHistory, undo } from "@/lib/shared/marks/history";
import { DEFAULT_MARK_SETTINGS, type Mark } from "@/lib/shared/marks/marks";
import { machineNote, withNote } from "@/lib/shared/marks/note";
import { startGenerationInput } from "@/lib/shared/start-generation";
import { numberedId, uploadView } from "./support/image-views";

const id = numberedId;
const image = (n: number): ImageView => uploadView(n);
const STROKE: Mark = { kind: "stroke", radius: 10, points: [[50, 50], [80, 90]] };
const ARROW: Mark = { kind: "arrow", from: [10, 10], to: [100, 100] };

function applied(n: number, marks: Mark[], settings: Partial<AppliedMarks["settings"]> = {}, copy = 100 + n): AppliedMarks {
  const copyImage = image(copy);
  return { imageId: id(n), marks, settings: { ...DEFAULT_MARK_SETTINGS, ...settings }, note: "note", copy: copyImage };
}

const run = (ids: number[]) => ({ settings: { prompt: "make it sepia" }, inputImageIds: ids.map(id) });

describe("an edit sent with marks", () => {
  it("sends the marked copy in the original's place and keeps the region of the painted image", () => {
    const tray = [image(1), image(2)];
    const sent = markedRun(run([1, 2]), tray, [applied(2, [STROKE])]);
    expect(sent.inputImageIds).toEqual([id(1), id(102)]);
    expect(sent.region).toEqual({ imageId: id(2), width: 400, height: 300, feather: 4, strokes: [{ radius: 10, points: [[50, 50], [80, 90]] }], boxes: [] });
    // The server takes it as it is.
    expect(startGenerationInput.safeParse(sent).success).toBe(true);
  });

  it("sends the clean original and its copy after every tray image, and no region when the outside is not kept", () => {
    const tray = [image(1), image(2), image(3)];
    const sent = markedRun(run([1, 2, 3]), tray, [applied(1, [STROKE], { delivery: "original-and-copy", keepOutside: false })]);
    expect(sent.inputImageIds).toEqual([id(1), id(2), id(3), id(101)]);
    expect(sent.region).toBeUndefined();
  });

  it("has no region for arrows and labels alone, and leaves an unmarked edit as it was", () => {
    const tray = [image(1)];
    expect(markedRun(run([1]), tray, [applied(1, [ARROW])]).region).toBeUndefined();
    const plain = run([1]);
    expect(markedRun(plain, tray, [applied(5, [STROKE])])).toBe(plain);
  });

  it("refuses, with a sentence, an edit the copies would take past ten images", () => {
    const tray = Array.from({ length: 10 }, (_, index) => image(index + 1));
    expect(() => markedRun(run(tray.map((_, index) => index + 1)), tray, [applied(1, [STROKE], { delivery: "original-and-copy" })])).toThrow(
      new MarkedRunError(
        "With the marked copies this edit would send 11 images, more than the 10 it takes: send a marked copy in its original's place, or remove an image.",
      ),
    );
  });

  it("keeps what it stores across a reload, and drops what does not parse", () => {
    const list = withApplied([], id(1), applied(1, [STROKE, ARROW]));
    const back = parseStoredMarks(JSON.stringify([...list, { imageId: id(2), marks: [{ kind: "laser" }] }, "junk"]));
    expect(back).toHaveLength(1);
    expect(back[0]).toMatchObject({ imageId: id(1), marks: [STROKE, ARROW], copy: { id: id(101) } });
    expect(parseStoredMarks("{not json")).toEqual([]);
    expect(withApplied(list, id(1), null)).toEqual([]);
  });
});

describe("the note the prompt gets", () => {
  it("names the colour, the area, the arrows and the labels, in image N words", () => {
    const marks: Mark[] = [STROKE, { kind: "box", x: 1, y: 1, width: 20, height: 20 }, ARROW, ARROW, { kind: "label", at: [5, 5], text: "sky" }];
    expect(machineNote(marks, { colour: "cyan", delivery: "marked-copy" }, 2)).toBe(
      "Change only the area painted or outlined in cyan in image 2. The cyan arrows 1–2 in image 2 point at what to change, in that order. The cyan labels in image 2 say “sky”. Do not draw the cyan marks in the result.",
    );
  });

  it("swaps the note it put in for the new one, and adds it on a line of its own otherwise", () => {
    expect(withNote("make it sepia", null, "Note A.")).toBe("make it sepia\nNote A.");
    expect(withNote("make it sepia\nNote A.", "Note A.", "Note B.")).toBe("make it sepia\nNote B.");
    expect(withNote("make it sepia\nNote A.", "Note A.", null)).toBe("make it sepia");
    // Edited away by hand: the new note is added rather than lost.
    expect(withNote("make it sepia", "Note A.", "Note B.")).toBe("make it sepia\nNote B.");
  });
});

describe("undo and redo", () => {
  it("step back and forth through whole changes, and a new change drops the redo", () => {
    let history = startHistory<number[]>([]);
    history = commit(history, [1]);
    history = commit(history, [1, 2]);
    history = commit(history, []);
    expect(undo(history).present).toEqual([1, 2]);
    expect(undo(undo(history)).present).toEqual([1]);
    expect(redo(undo(undo(history))).present).toEqual([1, 2]);
    const branched = commit(undo(history), [9]);
    expect(branched.future).toEqual([]);
    expect(redo(branched)).toBe(branched);
    expect(undo(startHistory([]))).toEqual(startHistory([]));
  });
});

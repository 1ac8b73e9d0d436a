import { describe, expect, it } from "vitest";
import type { ImageView } from "@/lib/gallery/view";
import { moveItem, overflowSentence, parseStoredTray, takeRoom, TRAY_CAPACITY } from "@/lib/tray";

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

describe("the stored tray", () => {
  it("reads back what was saved, in order", () => {
    const saved = [image("b"), image("a")];
    expect(parseStoredTray(JSON.stringify(saved))).toEqual(saved);
  });

  it("ignores what is missing, broken or not an image view", () => {
    expect(parseStoredTray(null)).toEqual([]);
    expect(parseStoredTray("{not json")).toEqual([]);
    expect(parseStoredTray(JSON.stringify({ id: "a" }))).toEqual([]);
    expect(parseStoredTray(JSON.stringify([image("a"), { id: "x" }, null, "b"]))).toEqual([image("a")]);
  });

  it("never restores more than the tray holds", () => {
    const many = Array.from({ length: 12 }, (_, index) => image(String(index)));
    expect(parseStoredTray(JSON.stringify(many))).toHaveLength(10);
  });
});

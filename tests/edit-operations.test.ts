import { describe, expect, it } from "vitest";
import { parseEditOperations } from "@/lib/server/engine/local";

describe("parseEditOperations", () => {
  it("finds nothing in a prompt that names no edit", () => {
    expect(parseEditOperations("a quiet harbour at dawn, boats, gulls")).toEqual([]);
    expect(parseEditOperations("")).toEqual([]);
  });

  it("ignores case", () => {
    expect(parseEditOperations("Blur")).toEqual([{ kind: "blur" }]);
    expect(parseEditOperations("MAKE IT SEPIA")).toEqual([{ kind: "sepia" }]);
  });

  it("matches whole words only", () => {
    expect(parseEditOperations("a blurb about flipflops, then inverted")).toEqual([{ kind: "invert" }]);
    expect(parseEditOperations("a blurb, unblurred, flipflops, rotates, sepias")).toEqual([]);
  });

  it("keeps the prompt's order", () => {
    expect(parseEditOperations("make it black and white then rotate 180")).toEqual([
      { kind: "greyscale" },
      { kind: "rotate", degrees: 180 },
    ]);
    expect(parseEditOperations("rotate 180, then black and white")).toEqual([
      { kind: "rotate", degrees: 180 },
      { kind: "greyscale" },
    ]);
  });

  it.each([
    ["black and white", { kind: "greyscale" }],
    ["black & white", { kind: "greyscale" }],
    ["grayscale", { kind: "greyscale" }],
    ["greyscale", { kind: "greyscale" }],
    ["monochrome", { kind: "greyscale" }],
    ["blurry", { kind: "blur" }],
    ["invert the colours", { kind: "invert" }],
    ["a negative", { kind: "invert" }],
    ["brighter", { kind: "brighten" }],
    ["brighten it", { kind: "brighten" }],
    ["darker", { kind: "darken" }],
    ["darken", { kind: "darken" }],
    ["warmer", { kind: "warm" }],
    ["cooler", { kind: "cool" }],
  ] as const)("reads %j", (prompt, operation) => {
    expect(parseEditOperations(prompt)).toEqual([operation]);
  });

  it.each([
    ["rotate", 90],
    ["rotate it", 90],
    ["rotate 90 degrees", 90],
    ["rotate right", 90],
    ["rotate 180", 180],
    ["rotate the photo by 180°", 180],
    ["turn it upside down", 180],
    ["rotate 270", 270],
    ["rotate left", 270],
    ["rotate -90", 270],
    ["rotate 90 degrees counterclockwise", 270],
  ] as const)("reads %j as a %i° clockwise turn", (prompt, degrees) => {
    expect(parseEditOperations(prompt)).toEqual([{ kind: "rotate", degrees }]);
  });

  it("drops a rotation that ends where it started", () => {
    expect(parseEditOperations("rotate 360 and blur")).toEqual([{ kind: "blur" }]);
  });

  it("tells a flip from a mirror", () => {
    expect(parseEditOperations("flip")).toEqual([{ kind: "flip", direction: "vertical" }]);
    expect(parseEditOperations("flip it vertically")).toEqual([{ kind: "flip", direction: "vertical" }]);
    expect(parseEditOperations("mirror")).toEqual([{ kind: "flip", direction: "horizontal" }]);
    expect(parseEditOperations("flip horizontally")).toEqual([{ kind: "flip", direction: "horizontal" }]);
    expect(parseEditOperations("flip the image horizontally")).toEqual([
      { kind: "flip", direction: "horizontal" },
    ]);
  });

  it("counts a restated edit once", () => {
    expect(parseEditOperations("invert it into a negative")).toEqual([{ kind: "invert" }]);
    expect(parseEditOperations("blur ".repeat(500))).toEqual([{ kind: "blur" }]);
  });

  it("combines several edits", () => {
    expect(parseEditOperations("Sepia, a bit blurry, mirror it and make it darker and cooler")).toEqual([
      { kind: "sepia" },
      { kind: "blur" },
      { kind: "flip", direction: "horizontal" },
      { kind: "darken" },
      { kind: "cool" },
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { safeNextPath, signInLocation } from "@/lib/server/passcode/next-path";

/**
 * Where sign-in sends the browser next must stay on this site after every normalisation a browser
 * applies: dot segments, percent-encoded dots and backslashes can all turn a path into `//host`.
 */
describe("the return path after sign-in", () => {
  const offSite = [
    "/.//evil.example",
    "/..//evil.example",
    "/a/..//evil.example/x",
    "/%2e//evil.example",
    "/%2E%2E//evil.example",
    "/./\\evil.example",
    "/.\\\\evil.example",
    "/a/../\\/evil.example",
  ];

  it.each(offSite)("never answers a path a browser would read as another host: %s", (raw) => {
    const next = safeNextPath(raw);
    expect(next).toBe("/");
    // However it is written, what the browser resolves it to is this origin.
    expect(new URL(next, "https://studio.example").origin).toBe("https://studio.example");
  });

  it("keeps ordinary paths, queries and encoded slashes inside a segment", () => {
    expect(safeNextPath("/a/./b")).toBe("/a/b");
    expect(safeNextPath("/a/%2F%2Fevil.example")).toBe("/a/%2F%2Fevil.example");
    expect(safeNextPath("/?next=//evil.example")).toBe("/?next=//evil.example");
  });

  it("builds the sign-in link without carrying an off-site path along", () => {
    expect(signInLocation("/.//evil.example", "")).toBe("/sign-in");
  });
});

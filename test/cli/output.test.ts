import { describe, expect, it } from "vitest";
import { writeInSlices } from "../../src/cli/output.js";

function slices(text: string, length: number): string[] {
  const written: string[] = [];
  writeInSlices((slice) => written.push(slice), text, length);
  return written;
}

describe("writeInSlices", () => {
  it("writes a short text in one piece", () => {
    expect(slices("hello", 10)).toEqual(["hello"]);
  });

  it("writes a long text in slices of at most the given length that join to the text", () => {
    const text = "abcdefghij".repeat(25);
    const written = slices(text, 16);
    expect(written.join("")).toBe(text);
    expect(written.every((slice) => slice.length <= 16)).toBe(true);
    expect(written.length).toBe(Math.ceil(text.length / 16));
  });

  it("never splits a surrogate pair, so every slice encodes to valid UTF-8", () => {
    // "🙂" is two UTF-16 code units; placed to straddle every possible slice boundary.
    for (let offset = 0; offset < 8; offset++) {
      const text = `${"a".repeat(offset)}${"🙂".repeat(20)}b`;
      const written = slices(text, 7);
      expect(written.join("")).toBe(text);
      for (const slice of written) {
        // A lone surrogate would come back from UTF-8 as U+FFFD.
        expect(Buffer.from(slice, "utf8").toString("utf8")).toBe(slice);
      }
    }
  });
});

import { describe, expect, it } from "vitest";
import { decodeSource, sizeError } from "../../src/iac/decode.js";
import { MAX_FILE_BYTES } from "../../src/iac/located.js";

describe("decodeSource", () => {
  it("returns the text of a UTF-8 file, without a byte order mark", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('resource "a" "b" {}\n')]);
    expect(decodeSource("main.tf", bytes)).toEqual({ text: 'resource "a" "b" {}\n' });
  });

  it("refuses a binary file with an IaC extension", () => {
    const result = decodeSource("logo.tf", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01]));
    expect(result).toEqual({ error: { path: "logo.tf", line: 1, message: "binary file (contains NUL bytes): not analysed" } });
  });

  it("names the line of invalid UTF-8", () => {
    const bytes = new Uint8Array([...Buffer.from("line one\nline two\n"), 0xc3, 0x28, 0x0a]);
    expect(decodeSource("bad.yaml", bytes)).toEqual({
      error: { path: "bad.yaml", line: 3, message: "file is not valid UTF-8: not analysed" },
    });
  });

  it("refuses a file over the size limit before decoding it", () => {
    const error = sizeError("huge.json", 50 * 1024 * 1024);
    expect(error).toEqual({ path: "huge.json", line: 1, message: "file is 50.0 MB, over the 5 MB limit: not analysed" });
    expect(sizeError("small.json", MAX_FILE_BYTES)).toBeUndefined();
    const result = decodeSource("huge.json", new Uint8Array(MAX_FILE_BYTES + 1));
    expect("error" in result && result.error.message).toMatch(/over the 5 MB limit/);
  });
});

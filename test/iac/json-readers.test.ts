// The two JSON readers of json.ts must build the same located tree: the fast one (json-fast.ts) reads valid
// JSON, jsonc-parser everything else. Compared node by node on every JSON file of the shared corpus, at
// file positions and embedded (a heredoc's first line starts mid-line), and on hand-written edge cases.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readJsonFast } from "../../src/iac/json-fast.js";
import { parseLocatedJson, parseWithJsonc, type EmbeddedAt } from "../../src/iac/json.js";
import { MAX_DEPTH } from "../../src/iac/located.js";
import { CORPUS } from "./cloudformation/helpers.js";

interface CorpusEntry {
  path: string;
}

function readBoth(text: string, embedded: EmbeddedAt = { path: "p.json", line: 1, column: 1 }) {
  const thorough = parseWithJsonc(text, embedded);
  return { fast: readJsonFast(text, embedded), thorough: thorough.ok ? thorough.value : undefined };
}

const jsonFiles = (JSON.parse(readFileSync(`${CORPUS}index.json`, "utf8")) as CorpusEntry[])
  .filter((entry) => entry.path.endsWith(".json"))
  .map((entry) => ({ path: entry.path, text: readFileSync(CORPUS + entry.path, "utf8") }));

describe("the fast and the jsonc-parser JSON reader", () => {
  it("build the same tree for every valid JSON file of the corpus, and the fast one reads all of them", () => {
    let read = 0;
    let invalid = 0;
    for (const { path, text } of jsonFiles) {
      const { fast, thorough } = readBoth(text, { path, line: 1, column: 1 });
      if (thorough === undefined) {
        // Not JSON (trailing commas, comments, templates): the fast reader must leave it alone.
        expect(fast, path).toBeUndefined();
        invalid++;
        continue;
      }
      expect(fast, path).toEqual(thorough);
      read++;
    }
    // The one file that is not JSON: an SCP example with a syntax error (aws-samples, deny-service-specific-credential-by-type).
    expect({ read, invalid }).toEqual({ read: 318, invalid: 1 });
  });

  it("place embedded JSON at file positions, the first line from its column", () => {
    const text = '{\n  "Statement": [\n    {"Effect": "Allow", "Action": "s3:*"}\n  ]\n}';
    const embedded = { path: "main.tf", line: 12, column: 14 };
    const { fast, thorough } = readBoth(text, embedded);
    expect(fast).toEqual(thorough);
    expect(fast?.at).toMatchObject({ startLine: 12, startColumn: 14, endLine: 16 });
  });

  const SAME_TREE: [string, string][] = [
    ["scalars", '{"s": "x", "n": 12, "f": -1.5e3, "z": -0, "t": true, "F": false, "u": null, "big": 1.0}'],
    ["escapes", '{"a": "tab\\there", "b": "\\u00e9\\"q\\"", "c\\n": "\\\\"}'],
    ["empty containers and nesting", '[{}, [], [[1], {"a": [{}]}]]'],
    ["Windows line endings and blanks", '{\r\n\t"a" :\r\n [ 1 ,2 ]\r\n}\r\n'],
    ["a scalar document", '  "just a string"  '],
    ["duplicate keys (kept both: callers decide)", '{"a": 1, "a": 2}'],
  ];

  it.each(SAME_TREE)("read %s alike", (_name, text) => {
    const { fast, thorough } = readBoth(text);
    expect(fast).toBeDefined();
    expect(fast).toEqual(thorough);
  });

  it.each([
    ["a trailing comma", '{"a": 1,}'],
    ["a comment", '{"a": 1 // no\n}'],
    ["a raw line break in a string", '{"a": "x\ny"}'],
    ["a bad escape", '{"a": "\\q"}'],
    ["a leading zero", "[01]"],
    ["content after the document", "{} {}"],
    ["an empty text", "   "],
    ["single quotes", "{'a': 1}"],
  ])("leave %s to jsonc-parser", (_name, text) => {
    expect(readJsonFast(text, { path: "p.json", line: 1, column: 1 })).toBeUndefined();
  });
});

describe("nesting", () => {
  const at: EmbeddedAt = { path: "deep.json", line: 1, column: 1 };
  const nested = (levels: number) => `${"[".repeat(levels)}1${"]".repeat(levels)}`;

  it("the fast reader reads MAX_DEPTH levels and declines one more (it recurses), without overflowing", () => {
    expect(readJsonFast(nested(MAX_DEPTH), at)?.kind).toBe("array");
    expect(readJsonFast(nested(MAX_DEPTH + 1), at)).toBeUndefined();
    expect(readJsonFast(nested(100_000), at)).toBeUndefined();
  });

  it("parseLocatedJson refuses deeper texts with a message, whichever reader would have read them", () => {
    expect(parseLocatedJson(nested(MAX_DEPTH), at).ok).toBe(true);
    const refused = parseLocatedJson(nested(10_000), at);
    expect(refused).toMatchObject({ ok: false, line: 1, message: `JSON nested 10000 levels deep (more than ${MAX_DEPTH}): refused` });
    expect(parseLocatedJson(`${nested(10_000)},`, at)).toMatchObject({ ok: false, message: expect.stringContaining("levels deep") });
  });
});

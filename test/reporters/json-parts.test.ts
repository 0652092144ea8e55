import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonDocumentParts } from "../../src/reporters/json-parts.js";

const joined = (value: unknown, depth?: number) => [...jsonDocumentParts(value, depth)].join("");

describe("jsonDocumentParts", () => {
  it("joins to exactly JSON.stringify(value, null, 2) for any JSON value, at any depth", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 6 }), (value, depth) => {
        expect(joined(value, depth)).toBe(JSON.stringify(value, null, 2));
      }),
      { numRuns: 500 },
    );
  });

  it("leaves out what JSON.stringify leaves out and writes null where it does", () => {
    const value = {
      kept: 1,
      missing: undefined,
      callback: () => 1,
      list: [undefined, () => 2, Symbol("s"), { nested: undefined, deep: [[], {}, [undefined]] }],
      empty: [],
      nothing: {},
      text: "line\nbreak — “quoted” 🙂",
    };
    expect(joined(value)).toBe(JSON.stringify(value, null, 2));
    expect(joined({ only: undefined })).toBe("{}");
  });

  it("calls toJSON as JSON.stringify does, at every level", () => {
    const lazy = { toJSON: () => ({ Statement: [{ Effect: "Allow", Action: ["s3:GetObject"] }] }) };
    const value = { policies: [{ path: "a.tf", document: lazy }, lazy], when: new Date(0), top: lazy };
    expect(joined(value)).toBe(JSON.stringify(value, null, 2));
    expect(joined(lazy)).toBe(JSON.stringify(lazy, null, 2));
  });

  it("yields one part per entry of an opened level, so no part holds the whole document", () => {
    const findings = Array.from({ length: 1000 }, (_, index) => ({ ruleId: "IAM101", line: index, message: "x".repeat(100) }));
    const parts = [...jsonDocumentParts({ version: 1, findings })];
    expect(parts.length).toBeGreaterThan(1000);
    expect(Math.max(...parts.map((part) => part.length))).toBeLessThan(200);
  });
});

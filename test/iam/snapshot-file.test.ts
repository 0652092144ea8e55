import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { SnapshotFile } from "../../src/iam/snapshot-file.js";

const directory = mkdtempSync(join(tmpdir(), "iam-review-snapshot-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const HEADER = '{"source":{"package":"p","version":"1.0.0","updatedAt":"2026-01-02T03:04:05.000Z"},';

function snapshotWith(name: string, text: string): SnapshotFile {
  const path = join(directory, name);
  writeFileSync(path, text);
  return new SnapshotFile(pathToFileURL(path), "test", "build-test.mjs");
}

describe("SnapshotFile.openEntries", () => {
  it("indexes every entry and reads each one's text from the file when asked", () => {
    const file = snapshotWith("good.json", `${HEADER}\n"things":{\n"a":{"x":1},\n"b.c":{"y":"é — ünïcode"},\n"d":[1,2]\n}}\n`);
    const entries = file.openEntries("things");
    expect(entries.source).toEqual({ package: "p", version: "1.0.0", updatedAt: "2026-01-02T03:04:05.000Z" });
    expect([...entries.keys()]).toEqual(["a", "b.c", "d"]);
    expect(entries.size).toBe(3);
    expect(entries.text("a")).toBe('{"x":1}');
    expect(JSON.parse(entries.text("b.c")!)).toEqual({ y: "é — ünïcode" });
    expect(entries.text("d")).toBe("[1,2]");
    expect(entries.text("missing")).toBeUndefined();
    expect(entries.has("d") && !entries.has("e")).toBe(true);
  });

  it("keeps reading the file it opened when a rebuild renames a new one over it", () => {
    const file = snapshotWith("renamed.json", `${HEADER}\n"things":{\n"a":{"old":true}\n}}\n`);
    const entries = file.openEntries("things");
    const replacement = join(directory, "renamed.json.tmp");
    writeFileSync(replacement, `${HEADER}\n"things":{\n"zzzzzzzz":{"new":true},\n"a":{"new":true}\n}}\n`);
    renameSync(replacement, join(directory, "renamed.json"));
    expect(entries.text("a")).toBe('{"old":true}');
  });

  it.each([
    ["no entries", `${HEADER}\n"things":{\n}}\n`, /has no things/],
    ["a truncated file", `${HEADER}\n"things":{\n"a":{"x":1},\n"b":{"y"`, /is truncated/],
    ["a line that is not an entry", `${HEADER}\n"things":{\n{"x":1}\n}}\n`, /line 3 is not one of the things/],
    ["another section", `${HEADER}\n"others":{\n"a":1\n}}\n`, /second line is not the start of the things/],
    ["no header", `"things":{\n"a":1\n}}\n`, /cannot be used/],
  ])("refuses %s with a message that says how to regenerate it", (_, text, message) => {
    const file = snapshotWith(`bad-${text.length}.json`, text);
    expect(() => file.openEntries("things")).toThrow(message);
    expect(() => file.openEntries("things")).toThrow(/Run `npm run build` \(or `node scripts\/build-test\.mjs`\)/);
  });

  it("says the snapshot is missing, and how to build it", () => {
    const file = new SnapshotFile(pathToFileURL(join(directory, "nothing-here.json")), "test", "build-test.mjs");
    expect(() => file.openEntries("things")).toThrow(/does not exist.*npm run build/);
  });
});

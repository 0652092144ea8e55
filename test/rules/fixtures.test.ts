// Fixture files carry their expectations inline: a line ending in `# expect: IAM003` (several ids separated by
// commas) must get exactly those findings, and no other line may get any finding of the rules named in the
// file's expectations or in its `# rules:` header.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { lintFiles } from "../helpers/lint.js";

const root = join(import.meta.dirname, "../fixtures/rules");

function fixtureFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? fixtureFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

function expectations(text: string): { expected: string[]; rules: Set<string> } {
  const expected: string[] = [];
  const rules = new Set<string>();
  text.split("\n").forEach((line, index) => {
    const header = /#\s*rules:\s*([A-Z0-9,\s]+)$/.exec(line);
    if (header) for (const id of header[1].split(/[\s,]+/).filter(Boolean)) rules.add(id);
    const marker = /#\s*expect:\s*([A-Z0-9,\s]+)$/.exec(line);
    if (!marker) return;
    for (const id of marker[1].split(/[\s,]+/).filter(Boolean)) {
      expected.push(`${index + 1} ${id}`);
      rules.add(id);
    }
  });
  return { expected: expected.sort(), rules };
}

const files = fixtureFiles(root).filter((file) => /\.(tf|ya?ml)$/.test(file));

describe("rule fixtures with inline expectations", () => {
  it("exist", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((file) => [relative(root, file), file]))("%s", async (name, file) => {
    const text = readFileSync(file, "utf8");
    const { expected, rules } = expectations(text);
    const findings = await lintFiles({ [name]: text });
    const actual = findings
      .filter((f) => rules.has(f.ruleId) && !f.suppressed)
      .map((f) => `${f.at.startLine} ${f.ruleId}`)
      .sort();
    expect(actual).toEqual(expected);
  });
});

// Whole pull requests as fixtures: test/fixtures/prs/<case>/{base/**, head/**, case.json?, config.yml?} are
// reviewed like the App reviews a PR, and the result is compared with expected/{review.json, summary.md,
// results.sarif}. Those change only through `npm run snapshots:update` (UPDATE_SNAPSHOTS=1).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/engine/config.js";
import { ENGINE_CHECK_IDS, reviewChange, type ChangedFile, type ReviewResult } from "../../src/engine/review.js";
import { catalogue } from "../../src/iam/catalogue.js";
import { renderMarkdown } from "../../src/reporters/markdown.js";
import { renderSarif } from "../../src/reporters/sarif.js";
import { rules } from "../../src/rules/index.js";
import { readTree } from "../helpers/tree.js";

const root = join(import.meta.dirname, "../fixtures/prs");
const update = process.env.UPDATE_SNAPSHOTS === "1";
const DOCS = "https://github.com/iam-review/iam-review/blob/main/docs/rules";

/** The changed files between two trees; `renames` (old → new) come from case.json, as GitHub would report them. */
function changedBetween(base: Map<string, string>, head: Map<string, string>, renames: Record<string, string>): ChangedFile[] {
  const renamedFrom = new Map(Object.entries(renames).map(([from, to]) => [to, from]));
  const changed: ChangedFile[] = [];
  for (const [path, text] of head) {
    const previousPath = renamedFrom.get(path);
    if (previousPath) changed.push({ path, previousPath, status: "renamed" });
    else if (!base.has(path)) changed.push({ path, status: "added" });
    else if (base.get(path) !== text) changed.push({ path, status: "modified" });
  }
  for (const path of base.keys()) if (!head.has(path) && !(path in renames)) changed.push({ path, status: "removed" });
  return changed.sort((a, b) => a.path.localeCompare(b.path));
}

function summarise(result: ReviewResult) {
  return {
    conclusion: result.conclusion,
    summary: result.summary,
    findings: result.findings.map((f) => ({
      status: f.status,
      ruleId: f.ruleId,
      path: f.at.path,
      line: f.at.startLine,
      message: f.message,
      ...(f.suppressed ? { suppressed: f.suppressed.reason ?? null } : {}),
    })),
    newSuppressions: result.newSuppressions.map((s) => ({ path: s.suppression.at.path, line: s.suppression.at.startLine, ruleIds: s.suppression.ruleIds, silenced: s.findings.length })),
    trust: result.trust,
    accessDiff: result.accessDiff,
    notices: result.notices,
    configProblems: result.configProblems,
  };
}

function compareOrWrite(file: string, actual: string): void {
  if (update || !existsSync(file)) {
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, actual);
    if (!update) throw new Error(`${file} did not exist and was written: review it and run the tests again`);
    return;
  }
  expect(actual).toBe(readFileSync(file, "utf8"));
}

const cases = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

describe("pull request fixtures", () => {
  it.each(cases)("%s", async (name) => {
    const dir = join(root, name);
    const base = readTree(join(dir, "base"));
    const head = readTree(join(dir, "head"));
    const settings = existsSync(join(dir, "case.json")) ? JSON.parse(readFileSync(join(dir, "case.json"), "utf8")) : {};
    const configText = existsSync(join(dir, "config.yml")) ? readFileSync(join(dir, "config.yml"), "utf8") : undefined;
    const { config, problems } = parseConfig(configText, { knownRuleIds: new Set([...rules.map((r) => r.meta.id), ...ENGINE_CHECK_IDS]) });
    const result = await reviewChange(
      { base, head, changed: changedBetween(base, head, settings.renames ?? {}) },
      { config, configProblems: problems, catalogue, rules },
    );
    compareOrWrite(join(dir, "expected/review.json"), `${JSON.stringify(summarise(result), null, 2)}\n`);
    compareOrWrite(join(dir, "expected/summary.md"), renderMarkdown(result, { docsBaseUrl: DOCS }));
    const sarif = renderSarif(result.findings, rules, { toolVersion: "0.0.0-test", informationUri: "https://example.invalid", docsBaseUrl: DOCS });
    compareOrWrite(join(dir, "expected/results.sarif"), `${JSON.stringify(sarif, null, 2)}\n`);
  });
});

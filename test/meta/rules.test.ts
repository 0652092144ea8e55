// Registry invariants: ids and names unique, every rule file registered, every rule documented with examples
// that really produce (or do not produce) its findings.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rules } from "../../src/rules/index.js";
import { lintFiles } from "../helpers/lint.js";

const repo = join(import.meta.dirname, "../..");
const RULES_MD = readFileSync(join(repo, "../shared/RULES.md"), "utf8");

function ruleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? ruleFiles(join(dir, entry.name)) : dir === join(repo, "src/rules") ? [] : [join(dir, entry.name)],
  );
}

/** Fenced code blocks under a `## heading` of a doc page, by language. */
export function examples(page: string, heading: string): { language: string; code: string }[] {
  const section = page.split(/^## /m).find((part) => part.startsWith(heading));
  if (!section) return [];
  return [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ language: m[1], code: m[2] }));
}

/**
 * Rules about something CloudFormation cannot express, exempt from the CloudFormation examples (their page
 * says why). Keep this list to rules with no CloudFormation resource at all:
 * - IAM504: the account password policy has no CloudFormation resource type.
 */
const TERRAFORM_ONLY = new Set(["IAM504"]);

function fileFor(language: string): string {
  if (language === "hcl" || language === "terraform") return "main.tf";
  if (language === "yaml") return "template.yaml";
  if (language === "json") return "template.json";
  throw new Error(`unknown example language ${language}`);
}

describe("rule registry", () => {
  it("has unique ids and names that match RULES.md", () => {
    const ids = rules.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(rules.map((r) => r.meta.name)).size).toBe(rules.length);
    for (const rule of rules) {
      const row = new RegExp(`\\| ${rule.meta.id} \\| ${rule.meta.name} \\|`);
      expect(RULES_MD, `${rule.meta.id} ${rule.meta.name} in RULES.md`).toMatch(row);
    }
  });

  it("registers every rule file", () => {
    const registered = new Set(rules.map((r) => r.meta.id));
    for (const file of ruleFiles(join(repo, "src/rules")).filter((f) => f.endsWith(".ts"))) {
      const id = /\bid: "((?:IAM|SIM)\d{3})"/.exec(readFileSync(file, "utf8"))?.[1];
      if (id) expect(registered.has(id), `${file} (${id}) is registered`).toBe(true);
    }
  });
});

describe.each(rules.map((rule) => [rule.meta.id, rule] as const))("%s documentation", (id, rule) => {
  const path = join(repo, "docs/rules", `${id}.md`);

  it("has a page with why, examples, fix and suppression", () => {
    expect(existsSync(path), `${path} exists`).toBe(true);
    const page = readFileSync(path, "utf8");
    expect(page).toMatch(new RegExp(`^# ${id} ${rule.meta.name}`));
    for (const heading of ["Why it matters", "Failing example", "Passing example", "How to fix", "How to suppress"]) {
      expect(page, `${id}.md has "## ${heading}"`).toMatch(new RegExp(`^## ${heading}`, "m"));
    }
    for (const heading of ["Failing example", "Passing example"]) {
      const languages = examples(page, heading).map((e) => fileFor(e.language));
      expect(languages, `${id} ${heading} in Terraform`).toContain("main.tf");
      if (TERRAFORM_ONLY.has(id)) continue;
      expect(languages.some((f) => f.startsWith("template.")), `${id} ${heading} in CloudFormation`).toBe(true);
    }
  });

  it("has failing examples that fail and passing examples that pass", async () => {
    if (!existsSync(path)) return;
    const page = readFileSync(path, "utf8");
    for (const [heading, shouldFail] of [["Failing example", true], ["Passing example", false]] as const) {
      for (const example of examples(page, heading)) {
        const findings = (await lintFiles({ [fileFor(example.language)]: example.code }, { rules: [rule] })).filter((f) => !f.suppressed);
        expect(findings.length > 0, `${id} ${heading} (${example.language}) ${shouldFail ? "fails" : "passes"}`).toBe(shouldFail);
      }
    }
  });
});

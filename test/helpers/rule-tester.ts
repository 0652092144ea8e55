// An ESLint-style RuleTester: each rule states valid and invalid snippets, in Terraform and CloudFormation,
// and every invalid case pins the message id AND the line of each finding.
import { describe, expect, it } from "vitest";
import type { Rule } from "../../src/rules/types.js";
import { lintFiles } from "./lint.js";

export interface RuleCase {
  name: string;
  /** Terraform source (main.tf), CloudFormation template (template.yaml), or several files. */
  tf?: string;
  cfn?: string;
  files?: Record<string, string>;
  /** `.github/iam-review.yml` text. */
  config?: string;
}

export interface ExpectedFinding {
  messageId: string;
  line: number;
  data?: Record<string, string | number>;
  /** Also checks the rendered message, for rules whose wording matters (suggestions). */
  message?: string | RegExp;
}

export interface InvalidCase extends RuleCase {
  errors: ExpectedFinding[];
}

function filesOf(testCase: RuleCase): Record<string, string> {
  const files: Record<string, string> = { ...testCase.files };
  if (testCase.tf !== undefined) files["main.tf"] = testCase.tf;
  if (testCase.cfn !== undefined) files["template.yaml"] = testCase.cfn;
  if (Object.keys(files).length === 0) throw new Error(`case '${testCase.name}' has no source`);
  return files;
}

export function ruleTester(rule: Rule, cases: { valid: RuleCase[]; invalid: InvalidCase[] }): void {
  const names = [...cases.valid, ...cases.invalid].map((c) => c.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate) throw new Error(`duplicate case name '${duplicate}' for ${rule.meta.id}`);
  if (cases.invalid.some((c) => c.errors.length === 0)) throw new Error(`an invalid case of ${rule.meta.id} expects no finding`);

  describe(`${rule.meta.id} ${rule.meta.name}`, () => {
    it.each(cases.valid.map((c) => [c.name, c] as const))("valid: %s", async (_name, testCase) => {
      const findings = await lintFiles(filesOf(testCase), { rules: [rule], config: testCase.config });
      expect(findings.filter((f) => !f.suppressed).map((f) => `${f.at.startLine}: ${f.message}`)).toEqual([]);
    });

    it.each(cases.invalid.map((c) => [c.name, c] as const))("invalid: %s", async (_name, testCase) => {
      const findings = (await lintFiles(filesOf(testCase), { rules: [rule], config: testCase.config })).filter((f) => !f.suppressed);
      expect(findings.map((f) => ({ messageId: f.messageId, line: f.at.startLine }))).toEqual(
        testCase.errors.map((e) => ({ messageId: e.messageId, line: e.line })),
      );
      testCase.errors.forEach((expected, index) => {
        const finding = findings[index];
        expect(finding.ruleId).toBe(rule.meta.id);
        if (expected.data) expect(finding.data).toMatchObject(expected.data);
        if (typeof expected.message === "string") expect(finding.message).toBe(expected.message);
        else if (expected.message) expect(finding.message).toMatch(expected.message);
      });
    });
  });
}

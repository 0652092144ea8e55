import { describe, expect, it } from "vitest";
import type { ReviewResult } from "../../src/engine/review.js";
import { escapeMarkdown, renderMarkdown } from "../../src/reporters/markdown.js";
import type { Finding } from "../../src/rules/types.js";

function finding(index: number, status: Finding["status"]): Finding {
  return {
    ruleId: "IAM003",
    name: "unknown-action",
    severity: "error",
    messageId: "unknownAction",
    data: {},
    message: `action number ${index} is not an action of this service, and this message is long enough to add up quickly`,
    at: { path: `modules/m${index % 40}/main.tf`, startLine: index, endLine: index },
    fingerprint: `f${index}`,
    status,
  };
}

function result(findings: Finding[]): ReviewResult {
  const emptyScan = { policies: [], attachments: [], resources: [], errors: [], files: [] };
  const side = { scan: emptyScan, findings: [], configProblems: [], suppressions: [], files: new Map() };
  return {
    findings,
    head: side,
    base: side,
    newSuppressions: [],
    trust: [],
    configProblems: [],
    reviewedFiles: [],
    conclusion: "failure",
    summary: `${findings.length} new findings at or above error.`,
  };
}

describe("Markdown summary", () => {
  it("starts with the verdict", () => {
    expect(renderMarkdown(result([finding(1, "new")]), { docsBaseUrl: "https://d" })).toMatch(/^❌ \*\*iam-review failed\*\*: 1 new findings/);
  });

  it("stays within GitHub's limit by summarising whole sections, never cutting a table", () => {
    const many = Array.from({ length: 3000 }, (_, i) => finding(i + 1, i % 2 === 0 ? "new" : "unchanged"));
    const full = renderMarkdown(result(many), { docsBaseUrl: "https://d", maxLength: 10_000_000 });
    expect(full.length).toBeGreaterThan(65_535);
    const text = renderMarkdown(result(many), { docsBaseUrl: "https://d" });
    expect(text.length).toBeLessThanOrEqual(65_535);
    expect(text).toMatch(/left out to stay within GitHub's size limit/);
    // Every table row is whole: each line of a table starts and ends with a pipe.
    for (const line of text.split("\n").filter((l) => l.startsWith("|"))) expect(line.endsWith("|")).toBe(true);
    expect(text).toContain("| 🔴 error | 1500 | 1500 | 0 |");
  });

  it("keeps policy text from becoming markup or a mention", () => {
    expect(escapeMarkdown("<script>x</script> | @octocat\nnext")).toBe("\\<script\\>x\\</script\\> \\| @\u200boctocat next");
  });
});

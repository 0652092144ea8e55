import { describe, expect, it } from "vitest";
import type { AccessChange } from "../../src/engine/access-diff.js";
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

describe("Markdown access changes", () => {
  function change(index: number, after: AccessChange["after"]): AccessChange {
    return {
      kind: "identity",
      principal: `aws_iam_role.r${index}`,
      action: index % 2 === 0 ? "iam:PassRole" : "iam:CreateUser",
      sensitive: index % 2 === 0 ? "iam:PassRole" : "iam:*",
      before: after === "allowed" ? "implicitDeny" : "allowed",
      after,
      deciding: { effect: "Allow", policy: `aws_iam_role_policy.r${index}#policy`, sid: "Grant|All", path: "main.tf", line: index, side: after === "allowed" ? "head" : "base" },
    };
  }

  it("shows a before → after table right after the counts, one line per principal and deciding statement", () => {
    const admin = ["iam:CreateUser", "iam:DeleteRole", "kms:CreateKey"].map((action) => ({
      ...change(7, "allowed"),
      action,
      sensitive: action.startsWith("iam") ? "iam:*" : "kms:*",
    }));
    const text = renderMarkdown({ ...result([finding(1, "new")]), accessDiff: [change(2, "allowed"), ...admin, change(3, "implicitDeny")] }, { docsBaseUrl: "https://d" });
    const lines = text.split("\n");
    const heading = lines.indexOf("### Access changes");
    expect(heading).toBeGreaterThan(lines.findIndex((line) => line.startsWith("| severity |")));
    expect(heading).toBeLessThan(lines.indexOf("### Findings"));
    expect(text).toContain("4 actions newly allowed, 1 action newly denied, for 3 principals.");
    expect(text).toContain('| `aws_iam_role.r2` | `iam:PassRole` | denied | **allowed** | aws_iam_role_policy.r2#policy statement "Grant\\|All" at main.tf:2 |');
    expect(text).toContain("| `aws_iam_role.r7` | 3 sensitive actions: `iam:*` (2), `kms:*` (1) | denied | **allowed** |");
    expect(text).toContain('| `aws_iam_role.r3` | `iam:CreateUser` | allowed | denied | aws_iam_role_policy.r3#policy statement "Grant\\|All" at main.tf:3 (before the change) |');
  });

  it("summarises a long access diff instead of cutting it", () => {
    const changes = Array.from({ length: 500 }, (_, index) => change(index, index % 5 === 0 ? "implicitDeny" : "allowed"));
    const text = renderMarkdown({ ...result([]), accessDiff: changes }, { docsBaseUrl: "https://d" });
    const rows = text.split("\n").filter((line) => line.startsWith("| `aws_iam_role."));
    expect(rows).toHaveLength(60);
    expect(text).toContain("_440 more lines not shown; `iam-review diff --format json` lists every change (`accessDiff`)._");
    const small = renderMarkdown({ ...result([]), accessDiff: changes }, { docsBaseUrl: "https://d", maxLength: 2_000 });
    expect(small).toContain("### Access changes\n400 actions newly allowed, 100 actions newly denied, for 500 principals.");
    expect(small.length).toBeLessThanOrEqual(2_000);
  });
});

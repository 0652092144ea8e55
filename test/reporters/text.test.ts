// `diff --format text`: the access changes as a short list before the totals.
import { describe, expect, it } from "vitest";
import type { AccessChange } from "../../src/engine/access-diff.js";
import type { ReviewResult } from "../../src/engine/review.js";
import { renderReviewText } from "../../src/reporters/text.js";

function result(accessDiff: AccessChange[]): ReviewResult {
  const emptyScan = { policies: [], attachments: [], resources: [], errors: [], files: [] };
  const side = { scan: emptyScan, findings: [], configProblems: [], suppressions: [], files: new Map() };
  return {
    findings: [],
    head: side,
    base: side,
    newSuppressions: [],
    trust: [],
    accessDiff,
    notices: ["the AWS cross-check did not run"],
    configProblems: [],
    reviewedFiles: [],
    conclusion: "neutral",
    summary: "No new finding at or above error; 1 other finding.",
  };
}

describe("review text", () => {
  it("lists access changes, grouped, with the deciding statement, and the notices", () => {
    const passRole: AccessChange = {
      kind: "identity",
      principal: "aws_iam_role.ci",
      action: "iam:PassRole",
      sensitive: "iam:PassRole",
      before: "implicitDeny",
      after: "allowed",
      deciding: { effect: "Allow", policy: "aws_iam_role_policy.ci#policy", sid: "Pass", path: "main.tf", line: 14, side: "head" },
    };
    const assume: AccessChange = {
      kind: "trust",
      principal: "AWS: arn:aws:iam::444455556666:root",
      target: "aws_iam_role.deploy",
      action: "sts:AssumeRole",
      sensitive: "sts:AssumeRole",
      before: "allowed",
      after: "implicitDeny",
      deciding: { effect: "Allow", policy: "aws_iam_role.deploy#assume_role_policy", path: "main.tf", line: 30, side: "base" },
    };
    const text = renderReviewText(result([passRole, assume]));
    expect(text).toContain(
      [
        "Access changes (2):",
        '  aws_iam_role.ci  `iam:PassRole`: denied → allowed  (aws_iam_role_policy.ci#policy statement "Pass" at main.tf:14)',
        "  AWS: arn:aws:iam::444455556666:root  `sts:AssumeRole` on aws_iam_role.deploy: allowed → denied  (before: aws_iam_role.deploy#assume_role_policy at main.tf:30)",
      ].join("\n"),
    );
    expect(text).toContain("notice: the AWS cross-check did not run");
  });
});

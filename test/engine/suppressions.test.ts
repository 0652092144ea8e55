import { describe, expect, it } from "vitest";
import { cloudFormationSuppressions, suppresses, terraformSuppressions } from "../../src/engine/suppressions.js";
import { fromPlain } from "../../src/iac/located.js";

const tf = `resource "aws_iam_policy" "ok" {
  policy = "{}"
}

# iam-review:ignore IAM102 reason: break-glass role for incidents
resource "aws_iam_policy" "admin" {
  name = "admin"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "iam:*", Resource = "*" }]
  })
}

resource "aws_iam_role" "r" {
  # iam-review:ignore IAM301, IAM303
  assume_role_policy = <<EOF
{ "Statement": [ { "Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole" } ] }
EOF
  name = "r"
}
`;

describe("Terraform suppressions", () => {
  const found = terraformSuppressions("main.tf", tf);

  it("reads the rule ids and the reason", () => {
    expect(found.map((s) => [s.ruleIds, s.reason, s.at.startLine])).toEqual([
      [["IAM102"], "break-glass role for incidents", 5],
      [["IAM301", "IAM303"], undefined, 14],
    ]);
  });

  it("covers the whole block or attribute below the comment, and nothing else", () => {
    expect(found[0].scope).toEqual({ path: "main.tf", startLine: 6, endLine: 11 });
    expect(found[1].scope).toEqual({ path: "main.tf", startLine: 15, endLine: 17 });
    const at = (line: number) => ({ path: "main.tf", startLine: line, endLine: line });
    expect(suppresses(found[0], "IAM102", at(9))).toBe(true);
    expect(suppresses(found[0], "IAM101", at(9))).toBe(false);
    expect(suppresses(found[0], "IAM102", at(2))).toBe(false);
    expect(suppresses(found[1], "IAM301", at(16))).toBe(true);
    expect(suppresses(found[1], "IAM301", at(18))).toBe(false);
    expect(suppresses(found[0], "IAM102", { ...at(9), path: "other.tf" })).toBe(false);
  });
});

describe("CloudFormation suppressions", () => {
  it("reads Metadata.iam-review.ignore and scopes it to the resource", () => {
    const at = { path: "stack.yaml", startLine: 3, endLine: 20 };
    const metadata = fromPlain({ "iam-review": { ignore: [{ id: "IAM102", reason: "legacy" }, { id: "IAM703" }] } }, at);
    const found = cloudFormationSuppressions({ type: "AWS::IAM::Role", address: "DevRole", at, attributes: fromPlain({}, at), metadata });
    expect(found.map((s) => [s.ruleIds, s.reason])).toEqual([
      [["IAM102"], "legacy"],
      [["IAM703"], undefined],
    ]);
    expect(suppresses(found[0], "IAM102", { path: "stack.yaml", startLine: 12, endLine: 12 }, "DevRole")).toBe(true);
    expect(suppresses(found[0], "IAM102", { path: "stack.yaml", startLine: 12, endLine: 12 }, "OtherRole")).toBe(false);
  });
});

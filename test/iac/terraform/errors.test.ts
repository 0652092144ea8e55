import { describe, expect, it } from "vitest";
import { MAX_DEPTH } from "../../../src/iac/located.js";
import { extract, policyOf } from "./helpers.js";

const VALID = `resource "aws_iam_policy" "ok" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:ListBucket", Resource = "*" }] })
}
`;

describe("syntax errors", () => {
  it("reports the line of the first error and still extracts the valid blocks", async () => {
    const result = await extract(`${VALID}
resource "aws_iam_role" "broken" {
  name = = "x"
}

resource "aws_iam_role" "after" {
  assume_role_policy = jsonencode({ Statement = [] })
}
`);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ path: "main.tf", line: 6 });
    expect(result.errors[0].message).toMatch(/^Terraform syntax error: .*; skipped resource\.aws_iam_role\.broken$/);
    expect(result.policies.map((p) => p.resource).sort()).toEqual(["aws_iam_policy.ok", "aws_iam_role.after"]);
  });

  it("recovers the blocks that error recovery swallowed into a broken block", async () => {
    const result = await extract(`${VALID}resource "aws_iam_role" "broken" {
  name =
}
resource "aws_iam_role" "after" {
  assume_role_policy = jsonencode({ Statement = [] })
}
`);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0].message).toContain("skipped resource.aws_iam_role.broken");
    expect(result.resources.map((r) => r.address)).toEqual(["aws_iam_policy.ok", "aws_iam_role.after"]);
  });

  it("reports a heredoc without its end marker where it opens", async () => {
    const result = await extract(`${VALID}
resource "aws_iam_policy" "open" {
  policy = <<POLICY
{"Version": "2012-10-17", "Statement": []}
}
`);
    expect(result.errors).toEqual([
      {
        path: "main.tf",
        line: 6,
        column: 12,
        message: 'Terraform syntax error: heredoc <<POLICY opened at line 6 has no end marker "POLICY"; skipped resource.aws_iam_policy.open',
      },
    ]);
    expect(result.policies.map((p) => p.resource)).toEqual(["aws_iam_policy.ok"]);
  });
});

describe("invalid policy documents", () => {
  it.each([
    [
      "heredoc",
      `  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow" "Action": "s3:*", "Resource": "*" }
  ]
}
EOF`,
      6,
      "heredoc is not a valid policy document: invalid JSON: ',' expected",
    ],
    [
      "heredoc with a trailing comma",
      `  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": ["s3:*",], "Resource": "*" }
  ]
}
EOF`,
      6,
      "heredoc is not a valid policy document: invalid JSON: trailing comma before ']'",
    ],
    ["JSON string", `  policy = "{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": [}"`, 2, "JSON string is not a valid policy document: invalid JSON: value expected"],
    ["empty string", `  policy = ""`, 2, "JSON string is not a valid policy document: the document is empty"],
  ])("%s: an IacError with policy: true at the exact line", async (_name, body, line, message) => {
    const result = await extract(`resource "aws_iam_policy" "bad" {\n${body}\n}\n`);
    expect(result.errors).toEqual([
      expect.objectContaining({ path: "main.tf", line, resource: "aws_iam_policy.bad", policy: true, message: `aws_iam_policy.bad policy: ${message}` }),
    ]);
    expect(result.policies).toEqual([]);
  });

  it("reports invalid JSON merged into a policy document against the data source", async () => {
    const result = await extract(`data "aws_iam_policy_document" "d" {
  source_json = <<EOF
{"Statement": [}
EOF
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}`);
    expect(result.errors).toEqual([expect.objectContaining({ line: 3, resource: "data.aws_iam_policy_document.d", policy: true })]);
    expect(policyOf(result, "data.aws_iam_policy_document.d").document).toBeDefined();
  });
});

describe("hostile input", () => {
  it("refuses a 10,000-level nested jsonencode expression without overflowing the stack", async () => {
    const depth = 10_000;
    const result = await extract(`${VALID}
resource "aws_iam_policy" "deep" {
  policy = jsonencode({ Statement = ${"[".repeat(depth)}"x"${"]".repeat(depth)} })
}
`);
    expect(result.errors).toContainEqual(
      expect.objectContaining({ path: "main.tf", line: 6, resource: "aws_iam_policy.deep", message: expect.stringContaining(`more than ${MAX_DEPTH} levels deep: refused`) }),
    );
    expect(result.policies.map((p) => p.resource)).toEqual(["aws_iam_policy.ok"]);
  });

  it("refuses deep nesting in a heredoc and in a plain attribute", async () => {
    const depth = 10_000;
    const result = await extract(`resource "aws_iam_policy" "deep" {
  policy = <<EOF
${"[".repeat(depth)}${"]".repeat(depth)}
EOF
}
resource "aws_instance" "deep" {
  tags = ${"{ a = ".repeat(depth)}1${" }".repeat(depth)}
}
`);
    const messages = result.errors.map((e) => [e.resource, e.line, e.message]);
    expect(messages).toContainEqual(["aws_iam_policy.deep", 3, expect.stringContaining("levels deep")]);
    expect(messages).toContainEqual(["aws_instance.deep", 7, expect.stringContaining("levels deep")]);
  });

  it("never throws, whatever the input", async () => {
    for (const text of ["", "}{", "resource", 'resource "a" {', "\u0000\u0001", "x = <<EOF", '"${'.repeat(1000)]) {
      const result = await extract(text);
      expect(Array.isArray(result.errors)).toBe(true);
    }
  });
});

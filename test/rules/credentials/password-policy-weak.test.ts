import { describe, expect, it } from "vitest";
import rule from "../../../src/rules/credentials/password-policy-weak.js";
import { lintFiles } from "../../helpers/lint.js";
import { ruleTester } from "../../helpers/rule-tester.js";

// Terraform only: CloudFormation has no resource for the account password policy (see docs/rules/IAM504.md).
const STRONG = `resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length        = 14
  password_reuse_prevention      = 24
  require_symbols                = true
  require_numbers                = true
  require_uppercase_characters   = true
  require_lowercase_characters   = true
  allow_users_to_change_password = true
}`;

ruleTester(rule, {
  valid: [
    { name: "the CIS settings", tf: STRONG },
    {
      name: "stronger than required, booleans written as strings",
      tf: `resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length      = 32
  password_reuse_prevention    = 24
  require_symbols              = "true"
  require_numbers              = true
  require_uppercase_characters = true
  require_lowercase_characters = true
}`,
    },
    {
      name: "values that are not known statically are not judged",
      tf: `variable "min_length" {
  type = number
}
variable "strict" {
  type = bool
}
resource "aws_iam_account_password_policy" "from_vars" {
  minimum_password_length      = var.min_length
  password_reuse_prevention    = var.min_length
  require_symbols              = var.strict
  require_numbers              = var.strict
  require_uppercase_characters = var.strict
  require_lowercase_characters = var.strict
}`,
    },
    {
      name: "CloudFormation has no password policy resource: an IAM user template has nothing to judge",
      cfn: `Resources:
  Alice:
    Type: AWS::IAM::User
    Properties:
      LoginProfile:
        Password: !Ref InitialPassword
        PasswordResetRequired: true
`,
    },
  ],
  invalid: [
    {
      name: "weak values, each at its line",
      tf: `resource "aws_iam_account_password_policy" "weak" {
  minimum_password_length        = 8
  password_reuse_prevention      = 5
  require_symbols                = false
  require_numbers                = true
  require_uppercase_characters   = "false"
  require_lowercase_characters   = true
  allow_users_to_change_password = true
}`,
      errors: [
        { messageId: "shortLength", line: 2, data: { value: 8, minimum: 14 } },
        { messageId: "lowReuse", line: 3, data: { value: 5, minimum: 24 } },
        { messageId: "notRequired", line: 4, data: { attribute: "require_symbols" } },
        { messageId: "notRequired", line: 6, data: { attribute: "require_uppercase_characters" } },
      ],
    },
    {
      name: "an empty policy takes every weak default, reported once at the resource",
      tf: `resource "aws_iam_account_password_policy" "defaults" {
  allow_users_to_change_password = true
}`,
      errors: [{ messageId: "missing", line: 1, message: /`minimum_password_length = 14` \(default 6\).*`password_reuse_prevention = 24`.*`require_symbols = true`.*`require_lowercase_characters = true`/ }],
    },
    {
      name: "one setting left out among strong ones",
      tf: `resource "aws_iam_account_password_policy" "almost" {
  minimum_password_length      = 14
  require_symbols              = true
  require_numbers              = true
  require_uppercase_characters = true
  require_lowercase_characters = true
}`,
      errors: [{ messageId: "missing", line: 1, message: /^The password policy leaves settings at the provider's weak defaults: `password_reuse_prevention = 24` \(default: none\)\. Add them\.$/ }],
    },
  ],
});

describe("IAM504 suggestions", () => {
  it("rewrites a weak value on its line", async () => {
    const findings = await lintFiles(
      { "main.tf": `resource "aws_iam_account_password_policy" "weak" {\n  minimum_password_length = 8\n  password_reuse_prevention = 24\n  require_symbols = false\n  require_numbers = true\n  require_uppercase_characters = true\n  require_lowercase_characters = true\n}` },
      { rules: [rule] },
    );
    expect(findings.map((f) => f.fix)).toEqual([
      { at: { path: "main.tf", startLine: 2, endLine: 2 }, replacement: "  minimum_password_length = 14" },
      { at: { path: "main.tf", startLine: 4, endLine: 4 }, replacement: "  require_symbols = true" },
    ]);
  });
});

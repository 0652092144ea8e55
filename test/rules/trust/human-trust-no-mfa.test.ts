import { describe, expect, it } from "vitest";
import rule from "../../../src/rules/trust/human-trust-no-mfa.js";
import { lintFiles } from "../../helpers/lint.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const role = (principal: string, condition = "") => `data "aws_caller_identity" "current" {}
resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = ${principal} }
      Action    = "sts:AssumeRole"${condition}
    }]
  })
}`;
const OWN_ROOT = `"arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root"`;

ruleTester(rule, {
  valid: [
    {
      name: "Bool aws:MultiFactorAuthPresent true",
      tf: role(OWN_ROOT, `
      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }`),
    },
    {
      name: "aws:MultiFactorAuthAge",
      tf: role(OWN_ROOT, `
      Condition = { NumericLessThan = { "aws:MultiFactorAuthAge" = "3600" } }`),
    },
    {
      name: "a Deny when MFA is absent (CloudFormation)",
      cfn: `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Ref AWS::AccountId
            Action: sts:AssumeRole
          - Effect: Deny
            Principal:
              AWS: "*"
            Action: sts:AssumeRole
            Condition:
              BoolIfExists:
                aws:MultiFactorAuthPresent: "false"`,
    },
    {
      name: "a service principal",
      tf: `resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}`,
    },
    {
      name: "only roles of the account may assume (aws:PrincipalArn): no people",
      tf: role(OWN_ROOT, `
      Condition = { ArnLike = { "aws:PrincipalArn" = "arn:aws:iam::*:role/deployer" } }`),
    },
    {
      name: "a third party with an external id, outside the configured accounts",
      tf: role(`"arn:aws:iam::444455556666:root"`, `
      Condition = { StringEquals = { "sts:ExternalId" = "f3a9c2" } }`),
      config: `accounts: ["111122223333"]`,
    },
    {
      name: "an unresolved account",
      tf: `variable "account" {}
${role(`"arn:aws:iam::\${var.account}:root"`)}`,
    },
  ],
  invalid: [
    {
      name: "the own account's root without MFA (jsonencode)",
      tf: role(OWN_ROOT),
      errors: [{ messageId: "noMfa", line: 7, message: /can assume this role without MFA/ }],
    },
    {
      name: "a user (aws_iam_policy_document)",
      tf: `data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:user/alice"]
    }
  }
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}`,
      errors: [{ messageId: "noMfa", line: 6 }],
    },
    {
      name: "BoolIfExists true lets access keys through",
      tf: role(OWN_ROOT, `
      Condition = {
        BoolIfExists = { "aws:MultiFactorAuthPresent" = "true" }
      }`),
      errors: [{ messageId: "ifExists", line: 7 }],
    },
    {
      name: "an account id in CloudFormation",
      cfn: `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: "111122223333"
            Action: sts:AssumeRole`,
      errors: [{ messageId: "noMfa", line: 10 }],
    },
    {
      name: "the own account as a whole !Ref AWS::AccountId",
      cfn: `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Ref AWS::AccountId
            Action: sts:AssumeRole`,
      errors: [{ messageId: "noMfa", line: 10 }],
    },
  ],
});

describe("IAM303 fix", () => {
  it("offers Bool for BoolIfExists on the operator's line", async () => {
    const tf = role(OWN_ROOT, `
      Condition = {
        BoolIfExists = { "aws:MultiFactorAuthPresent" = "true" }
      }`);
    const [finding] = await lintFiles({ "main.tf": tf }, { rules: [rule] });
    expect(finding.fix).toEqual({
      at: { path: "main.tf", startLine: 10, endLine: 10 },
      replacement: `        Bool = { "aws:MultiFactorAuthPresent" = "true" }`,
    });
  });
});

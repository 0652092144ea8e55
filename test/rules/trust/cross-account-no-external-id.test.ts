import rule from "../../../src/rules/trust/cross-account-no-external-id.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const role = (principal: string, condition = "") => `resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = ${principal} }
      Action    = "sts:AssumeRole"${condition}
    }]
  })
}`;

ruleTester(rule, {
  valid: [
    {
      name: "an external id is required",
      tf: role(`"arn:aws:iam::444455556666:root"`, `
      Condition = { StringEquals = { "sts:ExternalId" = "f3a9c2" } }`),
    },
    {
      name: "the account is one of the configured accounts",
      tf: role(`"arn:aws:iam::444455556666:root"`),
      config: `accounts: ["444455556666"]`,
    },
    {
      name: "the template's own account (Terraform caller identity)",
      tf: `data "aws_caller_identity" "current" {}
${role(`"arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root"`)}`,
    },
    {
      name: "the template's own account (CloudFormation AWS::AccountId)",
      cfn: `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Sub arn:aws:iam::\${AWS::AccountId}:root
            Action: sts:AssumeRole`,
    },
    {
      name: "an unresolved account",
      tf: `variable "partner" {}
${role(`"arn:aws:iam::\${var.partner}:root"`)}`,
    },
    {
      name: "the account must be in the organisation",
      tf: role(`"444455556666"`, `
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }`),
    },
    {
      name: "a Deny naming another account",
      tf: `resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = { AWS = "444455556666" }
      Action    = "sts:AssumeRole"
    }]
  })
}`,
    },
  ],
  invalid: [
    {
      name: "another account's root (jsonencode)",
      tf: role(`"arn:aws:iam::444455556666:root"`),
      errors: [{ messageId: "noExternalId", line: 6, data: { account: "444455556666" } }],
    },
    {
      name: "MFA does not replace the external id",
      tf: role(`"444455556666"`, `
      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }`),
      errors: [{ messageId: "noExternalId", line: 6 }],
    },
    {
      name: "an account outside the configured ones",
      tf: role(`["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:role/vendor"]`),
      config: `accounts: ["111122223333"]`,
      errors: [{ messageId: "noExternalId", line: 6, data: { account: "444455556666" } }],
    },
    {
      name: "an account narrowed to one role by aws:PrincipalArn (CloudFormation)",
      cfn: `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: "444455556666"
            Action: sts:AssumeRole
            Condition:
              ArnEquals:
                aws:PrincipalArn: arn:aws:iam::444455556666:role/vendor-scanner`,
      errors: [{ messageId: "noExternalId", line: 10 }],
    },
    {
      name: "aws_iam_policy_document",
      tf: `data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::444455556666:root"]
    }
  }
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}`,
      errors: [{ messageId: "noExternalId", line: 6 }],
    },
  ],
});

import rule from "../../../src/rules/trust/trust-any-principal.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const role = (statement: string) => `resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
${statement}
    }]
  })
}`;

ruleTester(rule, {
  valid: [
    {
      name: "a named account",
      tf: role(`      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "sts:AssumeRole"`),
    },
    {
      name: "* restricted to the organisation (aws:PrincipalOrgID)",
      tf: role(`      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }`),
    },
    {
      name: "* with an external id",
      cfn: `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: sts:AssumeRole
            Condition:
              StringEquals:
                sts:ExternalId: 9f8e7d6c`,
    },
    {
      name: "* restricted by aws:PrincipalArn naming one account's roles",
      tf: `data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:PrincipalArn"
      values   = ["arn:aws:iam::111122223333:role/ci-*"]
    }
  }
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}`,
    },
    {
      name: "a Deny with *",
      tf: role(`      Effect    = "Deny"
      Principal = { AWS = "*" }
      Action    = "sts:AssumeRole"
      Condition = { StringNotEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }`),
    },
    {
      name: "the restricting value comes from a variable",
      tf: `variable "org_id" {}
${role(`      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:PrincipalOrgID" = var.org_id } }`)}`,
    },
    {
      name: "an unresolved principal",
      tf: `variable "principals" {}
${role(`      Effect    = "Allow"
      Principal = { AWS = var.principals }
      Action    = "sts:AssumeRole"`)}`,
    },
  ],
  invalid: [
    {
      name: "{AWS: *} without a condition (jsonencode)",
      tf: role(`      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "sts:AssumeRole"`),
      errors: [{ messageId: "anyPrincipal", line: 6, message: /Any AWS principal, in any account, is allowed `sts:AssumeRole`/ }],
    },
    {
      name: "a condition that does not restrict: StringLike aws:PrincipalArn *",
      tf: role(`      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "sts:AssumeRole"
      Condition = { StringLike = { "aws:PrincipalArn" = "*" } }`),
      errors: [{ messageId: "anyPrincipal", line: 6 }],
    },
    {
      name: "* in a list (CloudFormation)",
      cfn: `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS:
                - arn:aws:iam::111122223333:root
                - "*"
            Action: sts:AssumeRole`,
      errors: [{ messageId: "anyPrincipal", line: 12 }],
    },
    {
      name: "Principal: * in a heredoc",
      tf: `resource "aws_iam_role" "r" {
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole" }]
}
EOF
}`,
      errors: [{ messageId: "anyPrincipal", line: 5 }],
    },
    {
      name: "only a Deny with an unresolved value might stop it: a notice",
      tf: `variable "allowed" {}
${role(`      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "sts:AssumeRole"
    }, {
      Effect    = "Deny"
      Principal = { AWS = "*" }
      Action    = "sts:AssumeRole"
      Condition = { StringNotLike = { "aws:PrincipalArn" = var.allowed } }`)}`,
      errors: [{ messageId: "undecided", line: 7 }],
    },
  ],
});

import rule from "../../../src/rules/validity/redundant-action.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    {
      name: "distinct actions and patterns that do not cover each other",
      tf: `resource "aws_iam_policy" "ok" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:Get*", "s3:ListBucket", "s3:PutObject", "ec2:Describe*"]
      Resource = "*"
    }]
  })
}`,
    },
    {
      name: "the same action in two statements, and unresolved actions",
      tf: `variable "extra" {}
data "aws_iam_policy_document" "ok" {
  statement {
    actions   = ["s3:GetObject", var.extra]
    resources = ["arn:aws:s3:::a/*"]
  }
  statement {
    actions   = ["s3:GetObject", "s3:\${var.extra}"]
    resources = ["arn:aws:s3:::b/*"]
  }
}`,
    },
    {
      name: "a misspelt action next to a wildcard is IAM003's finding",
      cfn: `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: [s3:*, s3:GetObjekt]
            Resource: "*"`,
    },
  ],
  invalid: [
    {
      name: "an action listed twice, in another case (jsonencode)",
      tf: `resource "aws_iam_policy" "bad" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = [
        "s3:GetObject",
        "S3:getobject",
      ]
      Resource = "*"
    }]
  })
}`,
      errors: [{ messageId: "duplicate", line: 8, data: { action: "S3:getobject" } }],
    },
    {
      name: "an action covered by a wildcard in a Deny (heredoc)",
      tf: `resource "aws_iam_policy" "bad" {
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": [
        "iam:DeleteRole",
        "iam:*"
      ],
      "Resource": "*"
    }
  ]
}
EOF
}`,
      errors: [{ messageId: "covered", line: 9, data: { action: "iam:DeleteRole", coveredBy: "iam:*" } }],
    },
    {
      name: "a pattern covered by a broader one (aws_iam_policy_document)",
      tf: `data "aws_iam_policy_document" "bad" {
  statement {
    actions = [
      "ec2:*",
      "ec2:Describe*",
    ]
    resources = ["*"]
  }
}`,
      errors: [{ messageId: "covered", line: 5, data: { coveredBy: "ec2:*" } }],
    },
    {
      name: "CloudFormation: covered by * in a NotAction list",
      cfn: `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Deny
            NotAction:
              - iam:Get*
              - iam:GetRole
            Resource: "*"`,
      errors: [{ messageId: "covered", line: 11, data: { action: "iam:GetRole", coveredBy: "iam:Get*" } }],
    },
  ],
});

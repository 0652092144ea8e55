import rule from "../../../src/rules/least-privilege/service-wildcard.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    {
      name: "iam:* in a Deny, and iam:* allowed but denied by the same policy",
      tf: `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Deny", Action = "iam:*", Resource = "*" },
      { Effect = "Allow", Action = "iam:*", Resource = "*" },
    ]
  })
}`,
    },
    {
      name: "a pattern without permissions-management actions, and a restricting condition",
      cfn: `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: [s3:Get*, s3:List*]
            Resource: "*"
          - Effect: Allow
            Action: kms:*
            Resource: "*"
            Condition:
              StringEquals:
                aws:RequestedRegion: eu-west-1`,
    },
    {
      name: "an unresolved action and an unresolved condition value",
      tf: `variable "actions" {}
variable "vpce" {}
data "aws_iam_policy_document" "d" {
  statement {
    actions   = var.actions
    resources = ["*"]
  }
  statement {
    actions   = ["s3:*"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:SourceVpce"
      values   = [var.vpce]
    }
  }
}`,
    },
  ],
  invalid: [
    {
      name: "whole services and permissions-management patterns (jsonencode), severity by configured service",
      tf: `variable "bucket" {}
resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:*", "s3:PutBucket*", "ec2:*"], Resource = "*" },
      { Effect = "Allow", Action = "s3:*", Resource = "arn:aws:s3:::\${var.bucket}/*" },
    ]
  })
}`,
      errors: [
        { messageId: "wholeService", line: 6, data: { pattern: "iam:*", service: "iam" } },
        { messageId: "permissions", line: 6, data: { pattern: "s3:PutBucket*" } },
        { messageId: "wholeService", line: 6, data: { pattern: "ec2:*" } },
        { messageId: "wholeService", line: 7, data: { pattern: "s3:*" } },
      ],
    },
    {
      name: "iam:*Policy* in CloudFormation",
      cfn: `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action:
              - iam:Get*
              - iam:*Policy*
            Resource: "*"`,
      errors: [{ messageId: "permissions", line: 11, message: /`iam:\*Policy\*` covers \d+ iam permissions-management action/ }],
    },
    {
      name: "IAMFullAccess and AmazonS3FullAccess attached, at the attachment lines",
      tf: `resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = "{}"
}
resource "aws_iam_role_policy_attachment" "iam" {
  role       = aws_iam_role.r.name
  policy_arn = "arn:aws:iam::aws:policy/IAMFullAccess"
}
resource "aws_iam_role_policy_attachment" "s3" {
  role       = aws_iam_role.r.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3FullAccess"
}`,
      errors: [
        { messageId: "managed", line: 7, message: /IAMFullAccess attached here allows every action of iam to aws_iam_role\.r/ },
        { messageId: "managed", line: 11, message: /AmazonS3FullAccess/ },
      ],
    },
  ],
});

import rule from "../../../src/rules/validity/policy-syntax.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    {
      name: "a well-formed identity policy and trust policy",
      tf: `resource "aws_iam_role" "ok" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}
resource "aws_iam_role_policy" "ok" {
  role = aws_iam_role.ok.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]
  })
}`,
    },
    {
      name: "a document that is not known at all",
      tf: `variable "policy_json" {}
resource "aws_iam_policy" "ok" {
  policy = var.policy_json
}`,
    },
    {
      name: "dynamic statements whose actions and not_actions come from a variable",
      tf: `variable "statements" {}
data "aws_iam_policy_document" "ok" {
  dynamic "statement" {
    for_each = var.statements
    content {
      actions       = statement.value.actions
      not_actions   = statement.value.not_actions
      resources     = statement.value.resources
      not_resources = statement.value.not_resources
      dynamic "principals" {
        for_each = statement.value.principals
        content {
          type        = principals.value.type
          identifiers = principals.value.identifiers
        }
      }
    }
  }
}`,
    },
    {
      name: "CloudFormation resource policy with a principal, conditional statement",
      cfn: `Conditions:
  IsProd: !Equals [!Ref "AWS::AccountId", "111122223333"]
Resources:
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: my-bucket
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - !If
            - IsProd
            - Effect: Deny
              Principal: "*"
              Action: s3:*
              Resource: arn:aws:s3:::my-bucket/*
              Condition:
                Bool:
                  aws:SecureTransport: false
            - !Ref AWS::NoValue`,
    },
  ],
  invalid: [
    {
      name: "heredoc JSON that does not parse",
      tf: `resource "aws_iam_policy" "bad" {
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" },
  ]
}
EOF
}`,
      errors: [{ messageId: "unparseable", line: 7, message: /trailing comma/ }], // where the parser meets the `]`
    },
    {
      name: "jsonencode: both Action and NotAction, and an Effect in the wrong case",
      tf: `resource "aws_iam_policy" "bad" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "allow"
      Action    = "s3:GetObject"
      NotAction = "s3:PutObject"
      Resource  = "*"
    }]
  })
}`,
      errors: [
        { messageId: "shape", line: 5, data: { element: "Effect" } },
        { messageId: "shape", line: 7, data: { element: "NotAction" } },
      ],
    },
    {
      name: "aws_iam_policy_document used as a bucket policy without principals",
      tf: `resource "aws_s3_bucket_policy" "bad" {
  bucket = "my-bucket"
  policy = data.aws_iam_policy_document.bucket.json
}
data "aws_iam_policy_document" "bucket" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::my-bucket/*"]
  }
}`,
      errors: [{ messageId: "shape", line: 6, data: { element: "Principal" } }],
    },
    {
      name: "CloudFormation: a Principal in an identity policy and a misspelt element",
      cfn: `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: "111122223333" }
            Actions: s3:GetObject
            Resource: "*"`,
      errors: [
        { messageId: "shape", line: 9, data: { element: "Principal" } },
        { messageId: "shape", line: 10, data: { element: "Statement" }, message: /did you mean "Action"/ },
      ],
    },
    {
      name: "CloudFormation: an empty document",
      cfn: `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}`,
      errors: [{ messageId: "shape", line: 5, data: { element: "Statement" } }],
    },
  ],
});

import { describe, expect, it } from "vitest";
import rule, { arnPatternsOverlap, globsOverlap } from "../../../src/rules/validity/resource-mismatch.js";
import { ruleTester } from "../../helpers/rule-tester.js";

describe("glob and ARN pattern overlap", () => {
  it.each([
    ["bucket", "*/*", false],
    ["bucket*", "*/*", true],
    ["bucket/*", "*/*", true],
    ["a?c", "abc", true],
    ["a?c", "abbc", false],
    ["*x", "y*", true],
    ["", "*", true],
    ["", "?", false],
  ] as const)("%s ∩ %s → %s", (left, right, expected) => {
    expect(globsOverlap(left, right)).toBe(expected);
    expect(globsOverlap(right, left)).toBe(expected);
  });

  it.each([
    ["arn:aws:s3:::bucket", "arn:*:s3:::*/*", false],
    ["arn:aws:s3:::bucket/*", "arn:*:s3:::*/*", true],
    ["arn:aws:s3:::bucket", "arn:*:s3:::*", true],
    // A `*` in the first five fields never crosses a colon.
    ["arn:aws:iam::*:role/x", "arn:*:s3:::*", false],
    // Fewer than six fields: the last `*` matches the rest of the ARN.
    ["arn:aws:logs:*", "arn:*:logs:*:*:log-group:*", true],
    ["arn:aws:lambda:*:*:function/*", "arn:*:lambda:*:*:function:*", false],
  ] as const)("%s vs %s → %s", (resource, type, expected) => {
    expect(arnPatternsOverlap(resource, type)).toBe(expected);
  });
});

ruleTester(rule, {
  valid: [
    {
      name: "objects on bucket/*, buckets on the bucket, anything on *",
      tf: `resource "aws_iam_policy" "ok" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::bucket/*" },
      { Effect = "Allow", Action = "s3:ListBucket", Resource = "arn:aws:s3:::bucket" },
      { Effect = "Allow", Action = "s3:GetObject", Resource = "*" },
      { Effect = "Allow", Action = ["s3:ListBucket", "s3:GetObject"], Resource = "arn:aws:s3:::bucket" },
    ]
  })
}`,
    },
    {
      name: "unresolved resources are unknown",
      tf: `resource "aws_s3_bucket" "b" {
  bucket = "b"
}
data "aws_iam_policy_document" "ok" {
  statement {
    actions   = ["s3:GetObject"]
    resources = [aws_s3_bucket.b.arn]
  }
}`,
    },
    {
      name: "a policy variable in the resource may be anything",
      tf: `data "aws_iam_policy_document" "ok" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::home-$\${aws:username}"]
  }
}`,
    },
    {
      name: "NotResource, and unknown actions, are not judged",
      cfn: `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Deny
            Action: s3:GetObject
            NotResource: arn:aws:s3:::bucket
          - Effect: Allow
            Action: s3:GetObjekt
            Resource: arn:aws:s3:::bucket`,
    },
    {
      name: "Lambda permissions name the function, not its ARN",
      cfn: `Resources:
  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: my-function
      Action: lambda:InvokeFunction
      Principal: s3.amazonaws.com
      SourceAccount: "111122223333"`,
    },
  ],
  invalid: [
    {
      name: "s3:GetObject on the bucket without /* (jsonencode)",
      tf: `resource "aws_iam_policy" "bad" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject"]
      Resource = "arn:aws:s3:::bucket"
    }]
  })
}`,
      errors: [{ messageId: "mismatch", line: 7, data: { verb: "grants" }, message: /arn:\$\{Partition\}:s3:::\$\{BucketName\}\/\$\{ObjectName\}/ }],
    },
    {
      name: "a Deny that denies nothing: function/ instead of function: (heredoc)",
      tf: `resource "aws_iam_policy" "bad" {
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": "lambda:UpdateFunctionCode",
      "Resource": "arn:aws:lambda:*:*:function/*"
    }
  ]
}
EOF
}`,
      errors: [{ messageId: "mismatch", line: 9, data: { verb: "denies" } }],
    },
    {
      name: "iam:PassRole on an S3 ARN in an aws_iam_policy_document",
      tf: `data "aws_iam_policy_document" "bad" {
  statement {
    actions = ["iam:PassRole"]
    resources = [
      "arn:aws:s3:::deploy-bucket",
    ]
  }
}`,
      errors: [{ messageId: "mismatch", line: 5 }],
    },
    {
      name: "CloudFormation bucket policy on the bucket ARN for object actions",
      cfn: `Resources:
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: my-bucket
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: "111122223333" }
            Action: s3:Get*Object
            Resource:
              - arn:aws:s3:::my-bucket`,
      errors: [{ messageId: "mismatch", line: 13 }],
    },
  ],
});

import rule from "../../../src/rules/validity/duplicate-sid.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    {
      name: "distinct alphanumeric Sids in an identity policy",
      tf: `resource "aws_iam_policy" "ok" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "ReadObjects", Effect = "Allow", Action = "s3:GetObject", Resource = "*" },
      { Sid = "ListBuckets2", Effect = "Allow", Action = "s3:ListBucket", Resource = "*" },
      { Sid = "", Effect = "Allow", Action = "s3:PutObject", Resource = "*" },
    ]
  })
}`,
    },
    {
      name: "spaces and hyphens in a KMS key policy Sid (resource policies are lenient)",
      tf: `resource "aws_kms_key" "ok" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Enable IAM User Permissions"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}`,
    },
    {
      name: "an unresolved Sid",
      tf: `variable "sid" {}
data "aws_iam_policy_document" "ok" {
  statement {
    sid       = var.sid
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
  statement {
    sid       = var.sid
    actions   = ["s3:PutObject"]
    resources = ["*"]
  }
}`,
    },
    {
      name: "the two branches of one Fn::If share a Sid",
      cfn: `Conditions:
  IsProd: !Equals [!Ref "AWS::AccountId", "111122223333"]
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - !If
            - IsProd
            - Sid: Objects
              Effect: Allow
              Action: s3:GetObject
              Resource: arn:aws:s3:::prod/*
            - Sid: Objects
              Effect: Allow
              Action: s3:GetObject
              Resource: arn:aws:s3:::dev/*`,
    },
  ],
  invalid: [
    {
      name: "a repeated Sid in jsonencode",
      tf: `resource "aws_iam_policy" "bad" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Read", Effect = "Allow", Action = "s3:GetObject", Resource = "*" },
      { Sid = "Read", Effect = "Allow", Action = "s3:ListBucket", Resource = "*" },
    ]
  })
}`,
      errors: [{ messageId: "duplicate", line: 6, data: { sid: "Read", first: 1 } }],
    },
    {
      name: "a hyphen in an identity policy Sid (aws_iam_policy_document)",
      tf: `data "aws_iam_policy_document" "bad" {
  statement {
    sid       = "read-objects"
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}`,
      errors: [{ messageId: "characters", line: 3, data: { sid: "read-objects", kind: "an identity policy" } }],
    },
    {
      name: "a space in a trust policy Sid (heredoc)",
      tf: `resource "aws_iam_role" "bad" {
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Allow Lambda",
      "Effect": "Allow",
      "Principal": { "Service": "lambda.amazonaws.com" },
      "Action": "sts:AssumeRole"
    }
  ]
}
EOF
}`,
      errors: [{ messageId: "characters", line: 7, data: { kind: "a trust policy", characters: "space" } }],
    },
    {
      name: "CloudFormation: a repeated Sid in a bucket policy and an underscore in an SCP",
      cfn: `Resources:
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: my-bucket
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: Cross Account
            Effect: Allow
            Principal: { AWS: "111122223333" }
            Action: s3:ListBucket
            Resource: arn:aws:s3:::my-bucket
          - Sid: Cross Account
            Effect: Allow
            Principal: { AWS: "111122223333" }
            Action: s3:GetObject
            Resource: arn:aws:s3:::my-bucket/*
  Scp:
    Type: AWS::Organizations::Policy
    Properties:
      Name: deny-leave
      Type: SERVICE_CONTROL_POLICY
      Content:
        Version: "2012-10-17"
        Statement:
          - Sid: Deny_Leave
            Effect: Deny
            Action: organizations:LeaveOrganization
            Resource: "*"`,
      errors: [
        { messageId: "duplicate", line: 14, data: { sid: "Cross Account" } },
        { messageId: "characters", line: 27, data: { kind: "a service control policy" } },
      ],
    },
  ],
});

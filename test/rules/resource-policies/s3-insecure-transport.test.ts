import rule from "../../../src/rules/resource-policies/s3-insecure-transport.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const bucketPolicy = (statements: string) => `resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}
resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [${statements}]
  })
}`;

const DENY_HTTP = `{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.logs.arn, "\${aws_s3_bucket.logs.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }`;

ruleTester(rule, {
  valid: [
    { name: "denies HTTP on the bucket and its objects (unresolved bucket ARN)", tf: bucketPolicy(DENY_HTTP) },
    {
      name: "a literal bucket, with NumericLessThan s3:TlsVersion besides (CloudFormation)",
      cfn: `Resources:
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: reports
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Deny
            Principal: "*"
            Action: s3:*
            Resource:
              - arn:aws:s3:::reports
              - arn:aws:s3:::reports/*
            Condition:
              Bool:
                aws:SecureTransport: "false"
          - Effect: Deny
            Principal: "*"
            Action: s3:*
            Resource:
              - arn:aws:s3:::reports
              - arn:aws:s3:::reports/*
            Condition:
              NumericLessThan:
                s3:TlsVersion: 1.2`,
    },
    {
      name: "!Sub bucket ARNs from a parameter",
      cfn: `Parameters:
  BucketName:
    Type: String
Resources:
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref BucketName
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Deny
            Principal: "*"
            Action: s3:*
            Resource:
              - !Sub arn:aws:s3:::\${BucketName}
              - !Sub arn:aws:s3:::\${BucketName}/*
            Condition:
              Bool:
                aws:SecureTransport: false`,
    },
    {
      name: "an unresolved condition value leaves it undecided",
      tf: `variable "secure" {}
${bucketPolicy(`{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.logs.arn, "\${aws_s3_bucket.logs.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = var.secure } }
    }`)}`,
    },
    {
      name: "not a bucket policy",
      tf: `resource "aws_sqs_queue_policy" "q" {
  queue_url = "https://sqs.us-east-1.amazonaws.com/111122223333/q"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "111122223333" }, Action = "sqs:SendMessage", Resource = "*" }]
  })
}`,
    },
  ],
  invalid: [
    {
      name: "no HTTP deny at all",
      tf: bucketPolicy(`{
      Effect    = "Allow"
      Principal = { Service = "logging.s3.amazonaws.com" }
      Action    = "s3:PutObject"
      Resource  = "\${aws_s3_bucket.logs.arn}/*"
    }`),
      errors: [{ messageId: "missing", line: 6 }],
    },
    {
      name: "the objects are covered, the bucket is not",
      tf: bucketPolicy(`{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = "\${aws_s3_bucket.logs.arn}/*"
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }`),
      errors: [{ messageId: "partial", line: 12, message: /but not for the bucket itself/ }],
    },
    {
      name: "only a TLS version condition, which plain HTTP does not carry (CloudFormation)",
      cfn: `Resources:
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: reports
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Deny
            Principal: "*"
            Action: s3:*
            Resource:
              - arn:aws:s3:::reports
              - arn:aws:s3:::reports/*
            Condition:
              NumericLessThan:
                s3:TlsVersion: 1.2`,
      errors: [{ messageId: "missing", line: 7 }],
    },
    {
      name: "a SecureTransport Deny with the wrong value (aws_iam_policy_document)",
      tf: `data "aws_iam_policy_document" "logs" {
  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["true"]
    }
  }
}
resource "aws_s3_bucket_policy" "logs" {
  bucket = "logs"
  policy = data.aws_iam_policy_document.logs.json
}`,
      errors: [{ messageId: "notDenying", line: 12 }],
    },
  ],
});

import rule from "../../../src/rules/resource-policies/public-access.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const bucketPolicy = (statements: string) => `resource "aws_s3_bucket" "site" {
  bucket = "site"
}
resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [${statements}]
  })
}`;

ruleTester(rule, {
  valid: [
    {
      name: "* restricted to the organisation",
      tf: bucketPolicy(`{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "s3:GetObject"
      Resource  = "\${aws_s3_bucket.site.arn}/*"
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
    }`),
    },
    {
      name: "* with a Deny unless the request comes through the VPC endpoint",
      tf: bucketPolicy(`{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "\${aws_s3_bucket.site.arn}/*"
    }, {
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.site.arn, "\${aws_s3_bucket.site.arn}/*"]
      Condition = { StringNotEquals = { "aws:SourceVpce" = "vpce-0a1b2c3d" } }
    }`),
    },
    {
      name: "a Deny with * (deny insecure transport)",
      tf: bucketPolicy(`{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.site.arn, "\${aws_s3_bucket.site.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }`),
    },
    {
      name: "an SNS topic policy for S3 notifications restricted by aws:SourceArn (CloudFormation)",
      cfn: `Resources:
  TopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref Topic]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: "*"
            Action: sns:Publish
            Resource: !Ref Topic
            Condition:
              ArnLike:
                aws:SourceArn: arn:aws:s3:::my-bucket`,
    },
    {
      name: "a VPC endpoint policy with * is the default",
      tf: `data "aws_iam_policy_document" "endpoint" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}
resource "aws_vpc_endpoint" "s3" {
  vpc_id       = "vpc-0a1b2c3d"
  service_name = "com.amazonaws.us-east-1.s3"
  policy       = data.aws_iam_policy_document.endpoint.json
}`,
    },
    {
      name: "the restricting value comes from a variable",
      tf: `variable "vpce" {}
${bucketPolicy(`{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "\${aws_s3_bucket.site.arn}/*"
      Condition = { StringEquals = { "aws:SourceVpce" = var.vpce } }
    }`)}`,
    },
    {
      name: "named principals of another account",
      tf: bucketPolicy(`{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::444455556666:role/reader" }
      Action    = "s3:GetObject"
      Resource  = "\${aws_s3_bucket.site.arn}/*"
    }`),
    },
  ],
  invalid: [
    {
      name: "a public bucket (jsonencode)",
      tf: bucketPolicy(`{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "\${aws_s3_bucket.site.arn}/*"
    }`),
      errors: [{ messageId: "public", line: 10, message: /anonymous requests from the internet\) is allowed `s3:GetObject`/ }],
    },
    {
      name: "a condition that restricts nothing: IpAddress 0.0.0.0/0",
      tf: bucketPolicy(`{
      Effect    = "Allow"
      Principal = { AWS = ["*"] }
      Action    = "s3:GetObject"
      Resource  = "\${aws_s3_bucket.site.arn}/*"
      Condition = { IpAddress = { "aws:SourceIp" = "0.0.0.0/0" } }
    }`),
      errors: [{ messageId: "public", line: 10 }],
    },
    {
      name: "ForAllValues on aws:username: true for every request without the key (role sessions, anonymous)",
      tf: bucketPolicy(`{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "\${aws_s3_bucket.site.arn}/*"
      Condition = { "ForAllValues:StringEquals" = { "aws:username" = "pull-user-1" } }
    }`),
      errors: [{ messageId: "public", line: 10 }],
    },
    {
      name: "an SQS queue open to everybody (CloudFormation)",
      cfn: `Resources:
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: sqs:SendMessage
            Resource: !GetAtt Queue.Arn`,
      errors: [{ messageId: "public", line: 10 }],
    },
    {
      name: "NotPrincipal in an Allow: everyone but one (heredoc)",
      tf: `resource "aws_sqs_queue_policy" "q" {
  queue_url = "https://sqs.us-east-1.amazonaws.com/111122223333/q"
  policy    = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "NotPrincipal": { "AWS": "arn:aws:iam::111122223333:role/admin" },
    "Action": "sqs:*",
    "Resource": "arn:aws:sqs:us-east-1:111122223333:q"
  }]
}
EOF
}`,
      errors: [{ messageId: "public", line: 8 }],
    },
    {
      name: "a KMS key policy that lets anyone decrypt (aws_iam_policy_document)",
      tf: `data "aws_iam_policy_document" "key" {
  statement {
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}
resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.key.json
}`,
      errors: [{ messageId: "public", line: 7 }],
    },
  ],
});

import rule from "../../../src/rules/credentials/root-principal-grant.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    {
      name: "the usual KMS key-policy delegation to the key's own account (Terraform)",
      tf: `data "aws_caller_identity" "current" {}
resource "aws_kms_key" "logs" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Enable IAM User Permissions"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}`,
    },
    {
      name: "the usual KMS key-policy delegation (CloudFormation, !Sub with the pseudo parameters)",
      cfn: `Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: Enable IAM User Permissions
            Effect: Allow
            Principal:
              AWS: !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root
            Action: kms:*
            Resource: "*"
`,
    },
    {
      name: "a literal account in a key policy when no accounts are configured (it may be the key's own)",
      tf: `resource "aws_kms_key_policy" "logs" {
  key_id = "1234abcd-12ab-34cd-56ef-1234567890ab"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" }]
  })
}`,
    },
    {
      name: "a key policy kept in its own file for templatefile() is still a key policy",
      files: {
        "kms/main.tf": `resource "aws_kms_key" "logs" {
  policy = templatefile("\${path.module}/kms-policy.json", { account_number = "111122223333" })
}`,
        "kms/kms-policy.json": `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::\${account_number}:root" }, "Action": "kms:*", "Resource": "*" }
  ]
}`,
      },
    },
    {
      name: "trust policies are IAM3xx's business, and a Deny grants nothing",
      tf: `resource "aws_iam_role" "admin" {
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "sts:AssumeRole" }]
  })
}
resource "aws_s3_bucket_policy" "logs" {
  bucket = "logs"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Principal = { AWS = "arn:aws:iam::444455556666:root" }, Action = "s3:*", Resource = "arn:aws:s3:::logs/*" }]
  })
}`,
    },
    {
      name: "a named role, and a principal not known statically",
      cfn: `Parameters:
  Consumer:
    Type: String
Resources:
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: logs
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS:
                - arn:aws:iam::444455556666:role/log-reader
                - !Ref Consumer
            Action: s3:GetObject
            Resource: arn:aws:s3:::logs/*
`,
    },
  ],
  invalid: [
    {
      name: "a bucket policy granting to another account's root and to a bare account id",
      tf: `resource "aws_s3_bucket_policy" "logs" {
  bucket = "logs"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Principal = { AWS = [
        "arn:aws:iam::444455556666:root",
        "777788889999",
      ] }
      Action   = ["s3:GetObject", "s3:ListBucket"]
      Resource = ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"]
    }]
  })
}`,
      errors: [
        { messageId: "rootArn", line: 8, data: { account: "444455556666", actions: "`s3:GetObject`, `s3:ListBucket`" } },
        { messageId: "accountId", line: 9, data: { principal: "777788889999" } },
      ],
    },
    {
      name: "a key policy granting less than kms:* to the own account root is not the delegation",
      cfn: `Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: Enable IAM User Permissions
            Effect: Allow
            Principal:
              AWS: !Sub arn:aws:iam::\${AWS::AccountId}:root
            Action: kms:*
            Resource: "*"
          - Sid: Decrypt for the account
            Effect: Allow
            Principal:
              AWS: !Sub arn:aws:iam::\${AWS::AccountId}:root
            Action: [kms:Decrypt, kms:GenerateDataKey]
            Resource: "*"
`,
      errors: [{ messageId: "rootArn", line: 17, data: { account: "`${!Ref AWS::AccountId}`" } }],
    },
    {
      name: "kms:* to an account outside the configured accounts",
      config: `accounts: ["111122223333"]`,
      tf: `data "aws_iam_policy_document" "key" {
  statement {
    sid       = "Enable IAM User Permissions"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
  statement {
    sid       = "Partner"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::444455556666:root"]
    }
  }
}
resource "aws_kms_key" "shared" {
  policy = data.aws_iam_policy_document.key.json
}`,
      errors: [{ messageId: "rootArn", line: 17, data: { account: "444455556666" } }],
    },
  ],
});

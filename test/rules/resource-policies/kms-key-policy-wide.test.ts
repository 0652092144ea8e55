import rule from "../../../src/rules/resource-policies/kms-key-policy-wide.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const key = (statements: string) => `data "aws_caller_identity" "current" {}
resource "aws_kms_key" "k" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "EnableIAMPolicies"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }${statements}]
  })
}`;

ruleTester(rule, {
  valid: [
    { name: "the default key policy: kms:* for the account root", tf: key("") },
    {
      name: "key administrators and key users get their own actions",
      tf: key(`, {
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:role/key-admin" }
      Action    = ["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"]
      Resource  = "*"
    }, {
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:role/app" }
      Action    = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*"]
      Resource  = "*"
    }`),
    },
    {
      name: "kms:* to a role only through one service (kms:ViaService)",
      tf: key(`, {
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/app" }
      Action    = "kms:*"
      Resource  = "*"
      Condition = { StringEquals = { "kms:ViaService" = "s3.us-east-1.amazonaws.com" } }
    }`),
    },
    {
      name: "the account root by AWS::AccountId (CloudFormation)",
      cfn: `Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Ref AWS::AccountId
            Action: kms:*
            Resource: "*"`,
    },
    {
      name: "principals from a variable: cannot tell",
      tf: `variable "admins" {}
resource "aws_kms_key" "k" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = var.admins }, Action = "kms:*", Resource = "*" }]
  })
}`,
    },
  ],
  invalid: [
    {
      name: "kms:* to a role",
      tf: key(`, {
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/app" }
      Action    = "kms:*"
      Resource  = "*"
    }`),
      errors: [{ messageId: "everything", line: 13, data: { principal: "arn:aws:iam::111122223333:role/app" } }],
    },
    {
      name: "no statement for the account root (CloudFormation)",
      cfn: `Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: arn:aws:iam::111122223333:user/alice
            Action:
              - kms:Encrypt
              - kms:Decrypt
            Resource: "*"`,
      errors: [{ messageId: "unmanageable", line: 6 }],
    },
    {
      name: "kms:* to a user and nothing for the root (heredoc)",
      tf: `resource "aws_kms_key" "k" {
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": { "AWS": "arn:aws:iam::111122223333:user/alice" },
    "Action": "kms:*",
    "Resource": "*"
  }]
}
EOF
}`,
      errors: [
        { messageId: "unmanageable", line: 2 },
        { messageId: "everything", line: 7 },
      ],
    },
  ],
});

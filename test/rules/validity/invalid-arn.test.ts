import { describe, expect, it } from "vitest";
import rule, { resourceProblem } from "../../../src/rules/validity/invalid-arn.js";
import { ruleTester } from "../../helpers/rule-tester.js";

describe("resourceProblem", () => {
  it.each([
    "*",
    "arn:aws:s3:::bucket/*",
    "arn:aws-cn:iam::123456789012:role/x",
    "arn:aws:logs:*",
    "arn:*:s3:::bucket",
    "arn:aws:s3:::home/${aws:username}/*",
    "arn:<unresolved:AWS::Partition>:s3:::b",
    "<unresolved:aws_s3_bucket.b.arn>/*",
    "execute-api:/*/GET/pets",
    "${bucket_arn}",
  ])("accepts %s", (value) => {
    expect(resourceProblem(value)).toBeUndefined();
  });

  it.each([
    ["my-bucket", /starts with "arn:"/],
    ["arn:aws:s3:my-bucket", /4 of the 6/],
    ["arn:aws:iam::role/x", /5 of the 6/],
    ["arn:amazon:s3:::b", /not an AWS partition/],
    ["arn:aws:s3:::", /resource field is empty/],
    ["arn:aws:s3:::bucket /*", /white space/],
  ])("rejects %s", (value, problem) => {
    expect(resourceProblem(value)).toMatch(problem);
  });
});

ruleTester(rule, {
  valid: [
    {
      name: "CloudFormation substitution variables inside !Sub, and IAM policy variables in plain strings",
      cfn: `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: iam:GetUser
            Resource:
              - !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:user/\${!aws:username}"
              - "arn:aws:iam::111122223333:user/\${aws:username}"
              - !ImportValue
                  Fn::Sub: "\${Stack}-UserArn"`,
    },
    {
      name: "ARNs, *, principals in every accepted form",
      tf: `resource "aws_s3_bucket_policy" "ok" {
  bucket = "my-bucket"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Principal = {
        AWS           = ["111122223333", "arn:aws:iam::111122223333:role/path/reader", "arn:aws:sts::111122223333:assumed-role/r/s", "*"]
        Service       = "cloudfront.amazonaws.com"
        CanonicalUser = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
      }
      Action   = "s3:GetObject"
      Resource = ["arn:aws:s3:::my-bucket/*", "*"]
    }]
  })
}`,
    },
    {
      name: "values with unresolved parts and the legacy CloudFront origin access identity",
      cfn: `Parameters:
  TrustedAccount:
    Type: String
Resources:
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: my-bucket
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS:
                - !Sub arn:\${AWS::Partition}:iam::\${TrustedAccount}:root
                - arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL
              Service: !Sub logs.\${AWS::Region}.amazonaws.com
            Action: s3:GetObject
            Resource: !Sub arn:\${AWS::Partition}:s3:::my-bucket/*`,
    },
    {
      name: "a Principal in an identity policy is IAM001's finding",
      tf: `data "aws_iam_policy_document" "ok" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["not-a-principal"]
    }
  }
}
resource "aws_iam_policy" "ok" {
  policy = data.aws_iam_policy_document.ok.json
}`,
    },
    {
      name: "Lambda permissions take names and non-standard service principals",
      cfn: `Resources:
  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: my-function
      Action: lambda:InvokeFunction
      Principal: alexa-appkit.amazon.com`,
    },
  ],
  invalid: [
    {
      name: "a pseudo parameter left in a plain CloudFormation string (no !Sub)",
      cfn: `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: iam:GetUser
            Resource: "arn:aws:iam::\${AWS::AccountId}:user/\${aws:username}"`,
      errors: [{ messageId: "literalSubstitution", line: 10, data: { variable: "${AWS::AccountId}" } }],
    },
    {
      name: "a bucket name instead of an ARN (jsonencode)",
      tf: `resource "aws_iam_policy" "bad" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "s3:GetObject"
      Resource = ["arn:aws:s3:::ok/*", "my-bucket/*"]
    }]
  })
}`,
      errors: [{ messageId: "invalidResource", line: 7, data: { value: "my-bucket/*" } }],
    },
    {
      name: "a wildcard in a principal ARN (heredoc trust policy)",
      tf: `resource "aws_iam_role" "bad" {
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:iam::*:role/deployer"
      },
      "Action": "sts:AssumeRole"
    }
  ]
}
EOF
}`,
      errors: [{ messageId: "invalidPrincipal", line: 9, data: { type: "AWS" } }],
    },
    {
      name: "a service under AWS and a short account id in an aws_iam_policy_document trust",
      tf: `data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["lambda.amazonaws.com", "12345"]
    }
  }
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}`,
      errors: [
        { messageId: "invalidPrincipal", line: 6, data: { value: "lambda.amazonaws.com" } },
        { messageId: "invalidPrincipal", line: 6, data: { value: "12345" } },
      ],
    },
    {
      name: "CloudFormation: a missing account field in a Resource and a group as principal",
      cfn: `Resources:
  Queue:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [https://sqs.eu-west-1.amazonaws.com/111122223333/jobs]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: arn:aws:iam::111122223333:group/admins
            Action: sqs:SendMessage
            Resource: arn:aws:sqs:eu-west-1:jobs`,
      errors: [
        { messageId: "invalidPrincipal", line: 11, data: { type: "AWS" } },
        { messageId: "invalidResource", line: 13, data: { value: "arn:aws:sqs:eu-west-1:jobs" } },
      ],
    },
  ],
});

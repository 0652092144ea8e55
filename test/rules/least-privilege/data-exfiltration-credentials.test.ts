import credentials from "../../../src/rules/least-privilege/credentials-exposure.js";
import exfiltration from "../../../src/rules/least-privilege/data-exfiltration.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(exfiltration, {
  valid: [
    {
      name: "named buckets and secrets, a VPC-endpoint condition, and a Deny",
      tf: `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::reports/*" },
      { Effect = "Allow", Action = "secretsmanager:GetSecretValue", Resource = "*", Condition = { StringEquals = { "aws:SourceVpce" = "vpce-1a2b3c" } } },
      { Effect = "Allow", Action = "kms:Decrypt", Resource = "*" },
      { Effect = "Deny", Action = "kms:Decrypt", Resource = "*" },
    ]
  })
}`,
    },
    {
      name: "a Deny of reading everything (CloudFormation)",
      cfn: `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Deny
            Action: [s3:GetObject, ssm:GetParameter*]
            Resource: "*"`,
    },
  ],
  invalid: [
    {
      name: "s3:GetObject on every object and ssm:GetParameter* (heredoc)",
      tf: `resource "aws_iam_policy" "p" {
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::*/*"},
    {"Effect": "Allow", "Action": ["ssm:GetParameter*"], "Resource": "*"}
  ]
}
EOF
}`,
      errors: [
        { messageId: "readAll", line: 6 },
        { messageId: "readAll", line: 7, message: /`ssm:GetParameter`, `ssm:GetParameters`, `ssm:GetParametersByPath` and 1 more/ },
      ],
    },
    {
      name: "secretsmanager:GetSecretValue on every secret of an unresolved account (CloudFormation)",
      cfn: `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: secretsmanager:GetSecretValue
            Resource: !Sub arn:aws:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:*`,
      errors: [{ messageId: "readAll", line: 9 }],
    },
  ],
});

ruleTester(credentials, {
  valid: [
    {
      name: "CreateAccessKey on the caller's own user, and ECR token in an ECR pull policy",
      tf: `data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["iam:CreateAccessKey"]
    resources = ["arn:aws:iam::111122223333:user/\${aws:username}"]
  }
  statement {
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
  statement {
    actions   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    resources = ["arn:aws:ecr:eu-west-1:111122223333:repository/app"]
  }
}`,
    },
    {
      name: "a Deny (CloudFormation)",
      cfn: `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Deny
            Action: sts:GetFederationToken
            Resource: "*"`,
    },
  ],
  invalid: [
    {
      name: "CreateAccessKey on every user, ECR token in a policy with no other ECR action (jsonencode)",
      tf: `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:CreateAccessKey"], Resource = "*" },
      { Effect = "Allow", Action = ["ecr:GetAuthorizationToken"], Resource = "*" },
    ]
  })
}`,
      errors: [
        { messageId: "credentials", line: 5 },
        { messageId: "credentials", line: 6 },
      ],
    },
    {
      name: "GetFederationToken and GetClusterCredentials (CloudFormation)",
      cfn: `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action:
              - sts:GetFederationToken
              - redshift:GetClusterCredentials
            Resource: "*"`,
      errors: [{ messageId: "credentials", line: 10, message: /`sts:GetFederationToken`, `redshift:GetClusterCredentials`/ }],
    },
  ],
});

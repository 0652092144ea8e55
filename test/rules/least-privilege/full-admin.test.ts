import rule from "../../../src/rules/least-privilege/full-admin.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    {
      name: "Deny of everything is a guard rail, not a grant",
      tf: `resource "aws_iam_policy" "guard" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Action = "*", Resource = "*" }]
  })
}`,
    },
    {
      name: "a condition that restricts where (source IP) and one from a variable",
      tf: `variable "org" {}
resource "aws_iam_policy" "ops" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "*", Resource = "*", Condition = { IpAddress = { "aws:SourceIp" = "10.0.0.0/8" } } },
      { Effect = "Allow", Action = "*", Resource = "*", Condition = { StringEquals = { "aws:PrincipalOrgID" = var.org } } },
    ]
  })
}`,
    },
    {
      name: "every action on one bucket only, and NotAction that keeps IAM out (PowerUserAccess-like)",
      cfn: `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: "*"
            Resource: arn:aws:s3:::logs/*
          - Effect: Allow
            NotAction: [iam:*, organizations:*]
            Resource: "*"`,
    },
    {
      name: "the FullAWSAccess SCP and an AdministratorAccess permissions boundary are not judged",
      tf: `resource "aws_organizations_policy" "full" {
  name    = "FullAWSAccess"
  content = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
resource "aws_iam_role" "dev" {
  name                 = "dev"
  assume_role_policy   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
  permissions_boundary = "arn:aws:iam::aws:policy/AdministratorAccess"
}`,
    },
    {
      name: "a written boundary of `*` is not judged either",
      cfn: `Resources:
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: "*"
            Resource: "*"
  Role:
    Type: AWS::IAM::Role
    Properties:
      PermissionsBoundary: !Ref Boundary
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole`,
    },
    {
      name: "AdministratorAccess attached, but the holder's other policy denies everything",
      tf: `resource "aws_iam_role" "r" {
  name                = "r"
  assume_role_policy  = "{}"
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}
resource "aws_iam_role_policy" "deny" {
  role   = aws_iam_role.r.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "*", Resource = "*" }] })
}`,
    },
  ],
  invalid: [
    {
      name: "jsonencode `*` on `*`, also behind an MFA condition (MFA does not restrict who)",
      tf: `resource "aws_iam_policy" "admin" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "*", Resource = "*" },
      {
        Effect    = "Allow"
        Action    = ["*:*"]
        Resource  = "*"
        Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
      },
    ]
  })
}`,
      errors: [
        { messageId: "everyAction", line: 5 },
        { messageId: "everyAction", line: 8 },
      ],
    },
    {
      name: "heredoc and aws_iam_policy_document",
      tf: `resource "aws_iam_role_policy" "inline" {
  role   = "r"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
}
EOF
}
data "aws_iam_policy_document" "admin" {
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
}`,
      errors: [
        { messageId: "everyAction", line: 6 },
        { messageId: "everyAction", line: 12 },
      ],
    },
    {
      name: "NotAction with a narrow exclusion is full admin",
      cfn: `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            NotAction:
              - aws-portal:*
            Resource: "*"`,
      errors: [{ messageId: "notAction", line: 10 }],
    },
    {
      name: "AdministratorAccess attached (managed_policy_arns and an attachment resource), at the attachment line",
      tf: `resource "aws_iam_role" "ci" {
  name                = "ci"
  assume_role_policy  = "{}"
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}
resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.ci.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}`,
      errors: [
        { messageId: "managed", line: 4, message: /AdministratorAccess attached here gives aws_iam_role\.ci full administrator/ },
        { messageId: "managed", line: 8 },
      ],
    },
    {
      name: "CloudFormation ManagedPolicyArns with !Sub partition, and SAM Policies: [AdministratorAccess]",
      cfn: `Transform: AWS::Serverless-2016-10-31
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - !Sub 'arn:\${AWS::Partition}:iam::aws:policy/AdministratorAccess'
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      CodeUri: .
      Policies:
        - AdministratorAccess`,
      errors: [
        { messageId: "managed", line: 12, message: /AdministratorAccess/ },
        { messageId: "managed", line: 20 },
      ],
    },
  ],
});

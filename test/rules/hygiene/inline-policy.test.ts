import rule from "../../../src/rules/hygiene/inline-policy.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const DOCUMENT = `jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })`;
const TRUST = `jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })`;

ruleTester(rule, {
  valid: [
    {
      name: "a managed policy attached to a role",
      tf: `resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = ${TRUST}
}
resource "aws_iam_policy" "read" {
  name        = "read"
  description = "read reports"
  policy      = ${DOCUMENT}
}
resource "aws_iam_role_policy_attachment" "read" {
  role       = aws_iam_role.app.name
  policy_arn = aws_iam_policy.read.arn
}`,
    },
    {
      name: "an empty inline_policy block (the provider's way to remove inline policies)",
      tf: `resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = ${TRUST}
  inline_policy {}
}`,
    },
    {
      name: "an inline policy on a user is IAM503's finding",
      tf: `resource "aws_iam_user_policy" "alice" {
  user   = "alice"
  policy = ${DOCUMENT}
}`,
    },
    {
      name: "CloudFormation: SAM function policies, and an AWS::IAM::Policy for users only",
      cfn: `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      InlineCode: "def handler(e, c): pass"
      Policies:
        - Statement:
            - Effect: Allow
              Action: s3:GetObject
              Resource: "*"
  UserPolicy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: alice
      Users: [alice]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: "*"
`,
    },
  ],
  invalid: [
    {
      name: "aws_iam_role_policy, aws_iam_group_policy and inline_policy blocks",
      tf: `resource "aws_iam_role_policy" "app" {
  name   = "app-read"
  role   = "app"
  policy = ${DOCUMENT}
}
resource "aws_iam_group_policy" "dev" {
  group  = aws_iam_group.dev.name
  policy = ${DOCUMENT}
}
resource "aws_iam_role" "worker" {
  name               = "worker"
  assume_role_policy = ${TRUST}
  inline_policy {
    name   = "first"
    policy = ${DOCUMENT}
  }
  inline_policy {
    name   = "second"
    policy = data.aws_iam_policy_document.second.json
  }
}`,
      errors: [
        { messageId: "inline", line: 1, data: { name: "`app-read`", principal: "role `app`" } },
        { messageId: "inline", line: 6, data: { principal: "group `aws_iam_group.dev`" } },
        { messageId: "inline", line: 15, data: { name: "`first`", principal: "role `aws_iam_role.worker`" } },
        { messageId: "inline", line: 19, data: { name: "`second`" } },
      ],
    },
    {
      name: "CloudFormation: role and group Policies, RolePolicy, GroupPolicy, AWS::IAM::Policy on roles",
      cfn: `Resources:
  App:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: read
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: "*"
  Dev:
    Type: AWS::IAM::Group
    Properties:
      Policies:
        - PolicyName: dev
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: s3:ListBucket
                Resource: "*"
  Extra:
    Type: AWS::IAM::RolePolicy
    Properties:
      RoleName: !Ref App
      PolicyName: extra
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sqs:SendMessage
            Resource: "*"
  Shared:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: shared
      Roles: [!Ref App]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sns:Publish
            Resource: "*"
`,
      errors: [
        { messageId: "inline", line: 12, data: { name: "`read`", principal: "role `App`" } },
        { messageId: "inline", line: 23, data: { principal: "group `Dev`" } },
        { messageId: "inline", line: 30, data: { name: "`extra`" } },
        { messageId: "inline", line: 41, data: { name: "`shared`" } },
      ],
    },
  ],
});

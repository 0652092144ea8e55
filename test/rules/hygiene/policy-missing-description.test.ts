import rule from "../../../src/rules/hygiene/policy-missing-description.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const DOCUMENT = `jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })`;

ruleTester(rule, {
  valid: [
    {
      name: "a described policy, and a description from a variable",
      tf: `variable "description" {
  type = string
}
resource "aws_iam_policy" "read" {
  name        = "read"
  description = "Read reports (owner: data team, v2)"
  policy      = ${DOCUMENT}
}
resource "aws_iam_policy" "templated" {
  description = var.description
  policy      = ${DOCUMENT}
}`,
    },
    {
      name: "a data source only looks up an existing policy (nothing is created)",
      tf: `data "aws_iam_policy" "by_name" {
  name = "IAMFullAccess"
}
data "aws_iam_policy" "by_arn" {
  arn = "arn:aws:iam::aws:policy/IAMFullAccess"
}`,
    },
    {
      name: "inline policies have no description to give",
      tf: `resource "aws_iam_role_policy" "app" {
  role   = "app"
  policy = ${DOCUMENT}
}`,
    },
    {
      name: "CloudFormation: a described managed policy; AWS::IAM::Policy (inline) has no Description",
      cfn: `Resources:
  Read:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Description: !Sub "Read reports in \${AWS::Region} (owner: data team)"
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: "*"
  Inline:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: inline
      Roles: [app]
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
      name: "no description, and an empty one",
      tf: `resource "aws_iam_policy" "read" {
  name   = "read"
  policy = ${DOCUMENT}
}

resource "aws_iam_policy" "empty" {
  name        = "empty"
  description = ""
  policy      = ${DOCUMENT}
}`,
      errors: [
        { messageId: "missing", line: 1, data: { resource: "aws_iam_policy.read", setting: "description" } },
        { messageId: "missing", line: 6 },
      ],
    },
    {
      name: "CloudFormation: a managed policy without Description",
      cfn: `Resources:
  Read:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: read
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: "*"
`,
      errors: [{ messageId: "missing", line: 2, data: { setting: "Description" } }],
    },
  ],
});

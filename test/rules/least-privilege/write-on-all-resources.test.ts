import rule from "../../../src/rules/least-privilege/write-on-all-resources.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    {
      name: "named resources, read actions, and actions that only accept `*`",
      tf: `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["ec2:TerminateInstances"], Resource = "arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc" },
      { Effect = "Allow", Action = ["ec2:Describe*", "s3:ListAllMyBuckets"], Resource = "*" },
      { Effect = "Allow", Action = ["xray:PutTraceSegments"], Resource = "*" },
    ]
  })
}`,
    },
    {
      name: "ABAC: a resource-tag condition restricts what; a Deny removes it",
      cfn: `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: ec2:TerminateInstances
            Resource: "*"
            Condition:
              StringEquals:
                aws:ResourceTag/team: blue
          - Effect: Allow
            Action: dynamodb:DeleteTable
            Resource: "*"
          - Effect: Deny
            Action: dynamodb:DeleteTable
            Resource: "*"`,
    },
    {
      name: "a pattern IAM102 reports is left to IAM102",
      tf: `data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:PutBucket*"]
    resources = ["*"]
  }
}`,
    },
  ],
  invalid: [
    {
      name: "write actions on `*` (jsonencode), one finding per statement at the first one",
      tf: `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = [
        "ec2:DescribeInstances",
        "ec2:TerminateInstances",
        "dynamodb:DeleteTable",
      ]
      Resource = "*"
    }]
  })
}`,
      errors: [{ messageId: "writeOnAll", line: 8, data: { count: 2 } }],
    },
    {
      name: "CloudFormation write actions on an all-instances pattern",
      cfn: `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [ec2:StopInstances, ec2:StartInstances]
                Resource: arn:aws:ec2:*:*:instance/*`,
      errors: [{ messageId: "writeOnAll", line: 16, message: /held by Role/ }],
    },
    {
      name: "a pattern without a colon (`s3*`: every action of s3, s3express, s3tables…), with no `*` anywhere",
      tf: `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3*"], Resource = "*" }]
  })
}`,
      errors: [{ messageId: "writeOnAll", line: 4, message: /`s3:AbortMultipartUpload`/ }],
    },
  ],
});

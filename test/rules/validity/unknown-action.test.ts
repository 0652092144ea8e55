import rule from "../../../src/rules/validity/unknown-action.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    {
      name: "real actions, any case, and patterns that match (jsonencode)",
      tf: `resource "aws_iam_policy" "ok" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "S3:listbucket", "ec2:Describe*", "iam:*Policy*", "*"]
      Resource = "*"
    }]
  })
}`,
    },
    {
      name: "unresolved actions are unknown, not wrong",
      tf: `variable "action" {}
resource "aws_iam_policy" "ok" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:\${var.action}", var.action]
      Resource = "*"
    }]
  })
}`,
    },
    {
      name: "an unknown service prefix is IAM004's finding",
      cfn: `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3s:GetObject
            Resource: "*"`,
    },
    {
      name: "SAM policy templates are AWS's documents, not the author's",
      cfn: `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      CodeUri: .
      Policies:
        - SQSPollerPolicy:
            QueueName: jobs`,
    },
  ],
  invalid: [
    {
      name: "a misspelt action in jsonencode, with a suggestion",
      tf: `resource "aws_iam_policy" "bad" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = [
        "s3:ListBucket",
        "s3:GetObjekt",
      ]
      Resource = "*"
    }]
  })
}`,
      errors: [
        {
          messageId: "unknownAction",
          line: 8,
          data: { action: "s3:GetObjekt", suggestion: "s3:GetObject" },
          message: /did you mean `s3:GetObject`\?/,
        },
      ],
    },
    {
      name: "a misspelt NotAction in a Deny, in a heredoc",
      tf: `resource "aws_iam_policy" "bad" {
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "NotAction": ["iam:ListRole"],
      "Resource": "*"
    }
  ]
}
EOF
}`,
      errors: [{ messageId: "unknownAction", line: 8, data: { suggestion: "iam:ListRoles" } }],
    },
    {
      name: "an aws_iam_policy_document action and a pattern that matches nothing",
      tf: `data "aws_iam_policy_document" "bad" {
  statement {
    actions = [
      "dynamodb:GetItems",
      "s3:Get*Objekt",
    ]
    resources = ["*"]
  }
}`,
      errors: [
        { messageId: "unknownAction", line: 4, data: { suggestion: "dynamodb:GetItem" } },
        { messageId: "patternMatchesNothing", line: 5, data: { action: "s3:Get*Objekt" } },
      ],
    },
    {
      name: "CloudFormation: an action AWS never had, and one without a service",
      cfn: `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: app
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action:
                  - s3:HeadBucket
                  - GetObject
                Resource: "*"`,
      errors: [
        { messageId: "unknownActionNoSuggestion", line: 18, data: { action: "s3:HeadBucket" } },
        { messageId: "malformed", line: 19, data: { action: "GetObject" } },
      ],
    },
  ],
});

import rule from "../../../src/rules/validity/condition-operator.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    {
      name: "real operators, IfExists, and set operators on multi-valued keys",
      tf: `resource "aws_iam_policy" "ok" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ec2:CreateTags"
      Resource = "*"
      Condition = {
        StringEqualsIfExists          = { "aws:RequestedRegion" = "eu-west-1" }
        "ForAllValues:StringEquals"   = { "aws:TagKeys" = ["team", "env"] }
        "ForAnyValue:StringLike"      = { "aws:PrincipalOrgPaths" = ["o-a1b2c3/r-ab12/*"] }
        Null                          = { "aws:RequestTag/team" = "false" }
        BoolIfExists                  = { "aws:MultiFactorAuthPresent" = "true" }
      }
    }]
  })
}`,
    },
    {
      name: "a set operator on an identity-provider key whose type the catalogue does not document reliably",
      cfn: `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Federated: cognito-identity.amazonaws.com }
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              "ForAnyValue:StringLike":
                cognito-identity.amazonaws.com:amr: authenticated`,
    },
    {
      name: "a set operator on a key the catalogue does not know",
      tf: `data "aws_iam_policy_document" "ok" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
    condition {
      test     = "ForAnyValue:StringEquals"
      variable = "example.com:groups"
      values   = ["admins"]
    }
  }
}`,
    },
  ],
  invalid: [
    {
      name: "an operator far from every real one",
      cfn: `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: "*"
            Condition:
              MyCondition:
                aws:SourceVpce: vpce-1a2b3c4d`,
      errors: [{ messageId: "unknownOperatorNoSuggestion", line: 12, data: { operator: "MyCondition" } }],
    },
    {
      name: "a misspelt operator in jsonencode, reported once for its two keys",
      tf: `resource "aws_iam_policy" "bad" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Deny"
      Action   = "s3:*"
      Resource = "*"
      Condition = {
        StringNotEqual = {
          "aws:PrincipalOrgID"   = "o-a1b2c3"
          "aws:PrincipalAccount" = "111122223333"
        }
      }
    }]
  })
}`,
      errors: [{ messageId: "unknownOperator", line: 9, data: { operator: "StringNotEqual", suggestion: "StringNotEquals" } }],
    },
    {
      name: "BoolIfExist and NullIfExists in an aws_iam_policy_document",
      tf: `data "aws_iam_policy_document" "bad" {
  statement {
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
    condition {
      test     = "BoolIfExist"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }
    condition {
      test     = "NullIfExists"
      variable = "aws:TokenIssueTime"
      values   = ["true"]
    }
  }
}`,
      errors: [
        { messageId: "unknownOperator", line: 7, data: { suggestion: "BoolIfExists" } },
        { messageId: "unknownOperator", line: 12, data: { operator: "NullIfExists", suggestion: "Null" } },
      ],
    },
    {
      name: "ForAllValues on a single-valued global key, in a heredoc",
      tf: `resource "aws_s3_bucket_policy" "bad" {
  bucket = "my-bucket"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "*" },
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::my-bucket/*",
      "Condition": {
        "ForAllValues:StringEquals": {
          "aws:PrincipalOrgID": "o-a1b2c3"
        }
      }
    }
  ]
}
EOF
}`,
      errors: [{ messageId: "setOnSingleValued", line: 14, data: { qualifier: "ForAllValues", plain: "StringEquals" } }],
    },
    {
      name: "CloudFormation: ForAnyValue on a single-valued service key",
      cfn: `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: iam:PassRole
            Resource: "*"
            Condition:
              "ForAnyValue:StringEquals":
                iam:PassedToService: lambda.amazonaws.com`,
      errors: [{ messageId: "setOnSingleValued", line: 13, data: { qualifier: "ForAnyValue", key: "iam:PassedToService" } }],
    },
  ],
});

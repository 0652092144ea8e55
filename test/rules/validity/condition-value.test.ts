import rule from "../../../src/rules/validity/condition-value.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    {
      name: "values every operator can read, keys in any case, tag keys",
      tf: `resource "aws_iam_policy" "ok" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "s3:GetObject"
      Resource = "*"
      Condition = {
        Bool                  = { "aws:SecureTransport" = true, "aws:ViaAWSService" = "False" }
        NumericLessThan       = { "aws:MultiFactorAuthAge" = 3600 }
        DateGreaterThan       = { "aws:CurrentTime" = "2030-01-01T00:00:00Z" }
        DateLessThan          = { "aws:EpochTime" = "1893456000" }
        IpAddress             = { "aws:sourceip" = ["10.0.0.0/8", "2001:db8::/32", "192.0.2.1"] }
        ArnLike               = { "aws:PrincipalArn" = ["arn:aws:iam::*:role/ci-*", "\${aws:SourceArn}"] }
        StringEquals          = { "aws:PrincipalTag/team" = "platform", "s3:prefix" = "anything goes" }
        Null                  = { "aws:ResourceTag/owner" = "false" }
      }
    }]
  })
}`,
    },
    {
      name: "unresolved values and a CloudFormation unquoted boolean",
      cfn: `Parameters:
  AllowedCidr:
    Type: String
Resources:
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: my-bucket
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Deny
            Principal: "*"
            Action: s3:*
            Resource: arn:aws:s3:::my-bucket/*
            Condition:
              Bool:
                aws:SecureTransport: false
              NotIpAddress:
                aws:SourceIp: !Ref AllowedCidr`,
    },
    {
      name: "an unknown operator is IAM005's finding, whatever its values",
      tf: `data "aws_iam_policy_document" "ok" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
    condition {
      test     = "NumericLessThann"
      variable = "aws:MultiFactorAuthAge"
      values   = ["one hour"]
    }
  }
}`,
    },
  ],
  invalid: [
    {
      name: "jsonencode: a word for a number and yes for a boolean",
      tf: `resource "aws_iam_policy" "bad" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Deny"
      Action   = "*"
      Resource = "*"
      Condition = {
        NumericGreaterThan = { "aws:MultiFactorAuthAge" = "one hour" }
        BoolIfExists       = { "aws:MultiFactorAuthPresent" = "no" }
      }
    }]
  })
}`,
      errors: [
        { messageId: "invalidValue", line: 9, data: { operator: "NumericGreaterThan", value: "one hour" } },
        { messageId: "invalidValue", line: 10, data: { operator: "BoolIfExists", value: "no" } },
      ],
    },
    {
      name: "aws_iam_policy_document: an invalid CIDR and an unknown global key",
      tf: `data "aws_iam_policy_document" "bad" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
    condition {
      test     = "IpAddress"
      variable = "aws:SourceIp"
      values = [
        "10.0.0.0/8",
        "10.0.0.0/33",
      ]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgIdentifier"
      values   = ["o-a1b2c3"]
    }
  }
}`,
      errors: [
        { messageId: "invalidValue", line: 10, data: { value: "10.0.0.0/33" } },
        { messageId: "unknownGlobalKeyNoSuggestion", line: 15, data: { key: "aws:PrincipalOrgIdentifier" } },
      ],
    },
    {
      name: "CloudFormation: a date that is not a date, a non-ARN, a misspelt global key",
      cfn: `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sts:AssumeRole
            Resource: "*"
            Condition:
              DateLessThan:
                aws:CurrentTime: next tuesday
              ArnEquals:
                aws:SourceArn: my-function
              StringEquals:
                aws:PrincipalOrgPath: o-a1b2c3/r-ab12/`,
      errors: [
        { messageId: "invalidValue", line: 13, data: { operator: "DateLessThan" } },
        { messageId: "invalidValue", line: 15, data: { operator: "ArnEquals", value: "my-function" } },
        { messageId: "unknownGlobalKey", line: 17, data: { key: "aws:PrincipalOrgPath", suggestion: "aws:PrincipalOrgPaths" } },
      ],
    },
  ],
});

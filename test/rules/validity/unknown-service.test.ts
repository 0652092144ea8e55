import rule from "../../../src/rules/validity/unknown-service.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    {
      name: "known services in any case, and wildcards in the service part",
      tf: `resource "aws_iam_policy" "ok" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["S3:GetObject", "s3*:Get*", "*:List*", "*"]
      Resource = "*"
    }]
  })
}`,
    },
    {
      name: "a service part that is not known statically",
      tf: `variable "service" {}
data "aws_iam_policy_document" "ok" {
  statement {
    actions   = ["\${var.service}:GetObject"]
    resources = ["*"]
  }
}`,
    },
    {
      name: "a misspelt action of a real service is IAM003's finding",
      cfn: `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:GetObjekt
            Resource: "*"`,
    },
  ],
  invalid: [
    {
      name: "a misspelt prefix in jsonencode, with a suggestion",
      tf: `resource "aws_iam_policy" "bad" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["lamda:InvokeFunction"]
      Resource = "*"
    }]
  })
}`,
      errors: [{ messageId: "unknownService", line: 6, data: { service: "lamda", suggestion: "lambda" } }],
    },
    {
      name: "an unknown prefix in a Deny of an aws_iam_policy_document",
      tf: `data "aws_iam_policy_document" "bad" {
  statement {
    effect = "Deny"
    actions = [
      "s3:DeleteBucket",
      "cloudtrial:StopLogging",
    ]
    resources = ["*"]
  }
}`,
      errors: [{ messageId: "unknownService", line: 6, data: { service: "cloudtrial", suggestion: "cloudtrail" } }],
    },
    {
      name: "CloudFormation: a prefix with no close service",
      cfn: `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action:
              - s3:GetObject
              - madeupservicexyz:Get*
            Resource: "*"`,
      errors: [{ messageId: "unknownServiceNoSuggestion", line: 11, data: { service: "madeupservicexyz" } }],
    },
  ],
});

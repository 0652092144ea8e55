import rule from "../../../src/rules/trust/service-trust-confused-deputy.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const role = (service: string, condition = "") => `resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "${service}" }
      Action    = "sts:AssumeRole"${condition}
    }]
  })
}`;

ruleTester(rule, {
  valid: [
    { name: "EC2 runs the account's own instances", tf: role("ec2.amazonaws.com") },
    { name: "Lambda", tf: role("lambda.amazonaws.com") },
    {
      name: "AWS Config restricted by aws:SourceAccount",
      tf: `data "aws_caller_identity" "current" {}
${role("config.amazonaws.com", `
      Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }`)}`,
    },
    {
      name: "CloudTrail restricted by aws:SourceArn (CloudFormation)",
      cfn: `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: cloudtrail.amazonaws.com
            Action: sts:AssumeRole
            Condition:
              ArnLike:
                aws:SourceArn: !Sub arn:aws:cloudtrail:\${AWS::Region}:\${AWS::AccountId}:trail/main`,
    },
    {
      name: "the source account comes from a variable",
      tf: `variable "account" {}
${role("scheduler.amazonaws.com", `
      Condition = { StringEquals = { "aws:SourceAccount" = var.account } }`)}`,
    },
  ],
  invalid: [
    {
      name: "AWS Config without a source condition",
      tf: role("config.amazonaws.com"),
      errors: [{ messageId: "noSource", line: 6, data: { service: "config.amazonaws.com" } }],
    },
    {
      name: "a source condition that matches any account",
      tf: role("scheduler.amazonaws.com", `
      Condition = { StringLike = { "aws:SourceAccount" = "*" } }`),
      errors: [{ messageId: "noSource", line: 6 }],
    },
    {
      name: "a regional service principal (CloudFormation)",
      cfn: `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service:
                - ec2.amazonaws.com
                - !Sub logs.\${AWS::Region}.amazonaws.com
            Action: sts:AssumeRole`,
      errors: [{ messageId: "noSource", line: 12 }],
    },
  ],
});

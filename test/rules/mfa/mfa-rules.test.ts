import allowIfExists from "../../../src/rules/mfa/mfa-allow-if-exists.js";
import boolBypass from "../../../src/rules/mfa/mfa-bool-bypass.js";
import sensitive from "../../../src/rules/mfa/sensitive-without-mfa.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(boolBypass, {
  valid: [
    {
      name: "BoolIfExists done right, and Bool paired with a Null deny that catches the absent key",
      tf: `resource "aws_iam_policy" "force_mfa" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Deny", NotAction = ["iam:ChangePassword"], Resource = "*", Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" } } },
    ]
  })
}
resource "aws_iam_policy" "pair" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Deny", Action = "*", Resource = "*", Condition = { Bool = { "aws:MultiFactorAuthPresent" = "false" } } },
      { Effect = "Deny", Action = "*", Resource = "*", Condition = { Null = { "aws:MultiFactorAuthPresent" = "true" } } },
    ]
  })
}`,
    },
    {
      name: "an SCP with the Bool pattern is not an identity policy",
      tf: `resource "aws_organizations_policy" "scp" {
  content = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Action = "*", Resource = "*", Condition = { Bool = { "aws:MultiFactorAuthPresent" = "false" } } }]
  })
}`,
    },
  ],
  invalid: [
    {
      name: "jsonencode, heredoc and policy document, each with a one-line suggestion",
      tf: `resource "aws_iam_policy" "a" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      NotAction = ["iam:ChangePassword"]
      Resource  = "*"
      Condition = {
        Bool = { "aws:MultiFactorAuthPresent" = "false" }
      }
    }]
  })
}
resource "aws_iam_policy" "b" {
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*",
    "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}
  }]
}
EOF
}
data "aws_iam_policy_document" "c" {
  statement {
    effect    = "Deny"
    actions   = ["ec2:TerminateInstances"]
    resources = ["*"]
    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }
  }
}`,
      errors: [
        { messageId: "bypass", line: 9, message: /without the key → allowed; with `false` → explicitly denied/ },
        { messageId: "bypass", line: 20 },
        { messageId: "bypass", line: 31 },
      ],
    },
    {
      name: "CloudFormation Bool",
      cfn: `Resources:
  Group:
    Type: AWS::IAM::Group
    Properties:
      Policies:
        - PolicyName: mfa
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Deny
                NotAction: iam:*
                Resource: "*"
                Condition:
                  Bool:
                    aws:MultiFactorAuthPresent: "false"`,
      errors: [{ messageId: "bypass", line: 14 }],
    },
  ],
});

ruleTester(allowIfExists, {
  valid: [
    {
      name: "Bool true on an Allow requires MFA",
      tf: `data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["ec2:TerminateInstances"]
    resources = ["*"]
    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["true"]
    }
  }
}`,
    },
    {
      name: "BoolIfExists true on a Deny is not this rule's",
      cfn: `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Deny
            Action: s3:DeleteBucket
            Resource: "*"
            Condition:
              BoolIfExists:
                aws:MultiFactorAuthPresent: "true"`,
    },
  ],
  invalid: [
    {
      name: "jsonencode Allow with BoolIfExists true",
      tf: `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "ec2:TerminateInstances"
      Resource  = "*"
      Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = "true" } }
    }]
  })
}`,
      errors: [{ messageId: "ifExists", line: 8, message: /without the key → allowed; with `false` → not allowed/ }],
    },
    {
      name: "CloudFormation Allow with BoolIfExists true",
      cfn: `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:DeleteBucket
            Resource: "*"
            Condition:
              BoolIfExists:
                aws:MultiFactorAuthPresent: true`,
      errors: [{ messageId: "ifExists", line: 12 }],
    },
  ],
});

const userTf = `resource "aws_iam_user" "alice" {
  name = "alice"
}`;

ruleTester(sensitive, {
  valid: [
    {
      name: "sensitive actions behind Bool true, or with a BoolIfExists force-MFA Deny; reads are not iam:*",
      tf: `${userTf}
resource "aws_iam_user_policy" "alice" {
  user = aws_iam_user.alice.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "s3:DeleteBucket", Resource = "*", Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } } },
      { Effect = "Allow", Action = ["iam:ListRoles", "iam:GetRole"], Resource = "*" },
      { Effect = "Allow", Action = "ec2:TerminateInstances", Resource = "*" },
      { Effect = "Deny", NotAction = ["iam:ChangePassword"], Resource = "*", Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" } } },
    ]
  })
}`,
    },
    {
      name: "a role for a service is not for humans",
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
                Action: s3:DeleteBucket
                Resource: "*"`,
    },
  ],
  invalid: [
    {
      name: "a user's inline policy, and a Bool force-MFA Deny that access keys bypass",
      tf: `${userTf}
resource "aws_iam_user_policy" "alice" {
  user = aws_iam_user.alice.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:ListBucket", "s3:DeleteBucket"], Resource = "*" },
      { Effect = "Deny", NotAction = ["iam:ChangePassword"], Resource = "*", Condition = { Bool = { "aws:MultiFactorAuthPresent" = "false" } } },
    ]
  })
}`,
      errors: [{ messageId: "withoutMfa", line: 9, message: /aws_iam_user\.alice can `s3:DeleteBucket` without MFA/ }],
    },
    {
      name: "a role that an account assumes, with PowerUserAccess attached: at the attachment",
      cfn: `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: arn:aws:iam::111122223333:root }
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/PowerUserAccess`,
      errors: [{ messageId: "withoutMfa", line: 11 }],
    },
    {
      name: "sensitive_actions from the configuration",
      config: "sensitive_actions: [dynamodb:DeleteTable]",
      tf: `${userTf}
data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["dynamodb:DeleteTable", "s3:DeleteBucket"]
    resources = ["*"]
  }
}
resource "aws_iam_user_policy" "alice" {
  user   = aws_iam_user.alice.name
  policy = data.aws_iam_policy_document.d.json
}`,
      errors: [{ messageId: "withoutMfa", line: 6, message: /can `dynamodb:DeleteTable` without MFA/ }],
    },
  ],
});

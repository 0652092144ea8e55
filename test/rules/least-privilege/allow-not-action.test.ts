import rule from "../../../src/rules/least-privilege/allow-not-action.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    {
      name: "Deny with NotAction (the force-MFA guard rail) and NotResource",
      tf: `resource "aws_iam_policy" "guard" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Deny", NotAction = ["iam:ChangePassword"], Resource = "*", Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" } } },
      { Effect = "Deny", Action = "s3:*", NotResource = ["arn:aws:s3:::mine/*"] },
    ]
  })
}`,
    },
    {
      name: "PowerUserAccess attached: AWS's wording is not judged",
      cfn: `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/PowerUserAccess`,
    },
  ],
  invalid: [
    {
      name: "Allow with NotAction and with NotResource (policy document)",
      tf: `data "aws_iam_policy_document" "d" {
  statement {
    not_actions = ["iam:*"]
    resources   = ["*"]
  }
  statement {
    actions       = ["s3:GetObject"]
    not_resources = ["arn:aws:s3:::secret/*"]
  }
}`,
      errors: [
        { messageId: "notAction", line: 3 },
        { messageId: "notResource", line: 8 },
      ],
    },
    {
      name: "CloudFormation Allow NotAction",
      cfn: `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            NotAction: ec2:*
            Resource: "*"`,
      errors: [{ messageId: "notAction", line: 9 }],
    },
  ],
});

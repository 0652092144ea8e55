import rule from "../../../src/rules/least-privilege/passrole-unrestricted.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    {
      name: "PassRole scoped by iam:PassedToService, and on named roles",
      tf: `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "iam:PassRole", Resource = "*", Condition = { StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" } } },
      { Effect = "Allow", Action = "iam:PassRole", Resource = "arn:aws:iam::111122223333:role/app-task" },
    ]
  })
}`,
    },
    {
      name: "a Deny of PassRole, and an unresolved PassedToService value",
      cfn: `Parameters:
  Service:
    Type: String
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Deny
            Action: iam:PassRole
            Resource: "*"
          - Effect: Allow
            Action: iam:PassRole
            Resource: "*"
            Condition:
              StringEquals:
                iam:PassedToService: !Ref Service`,
    },
  ],
  invalid: [
    {
      name: "PassRole on `*`, on role/* of an unresolved account, and IfExists (which does not restrict)",
      tf: `data "aws_caller_identity" "current" {}
data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["iam:PassRole"]
    resources = ["*"]
  }
  statement {
    actions   = ["iam:Pass*"]
    resources = ["arn:aws:iam::\${data.aws_caller_identity.current.account_id}:role/*"]
  }
  statement {
    actions   = ["iam:PassRole"]
    resources = ["*"]
    condition {
      test     = "StringEqualsIfExists"
      variable = "iam:PassedToService"
      values   = ["ec2.amazonaws.com"]
    }
  }
}`,
      errors: [
        { messageId: "statement", line: 4 },
        { messageId: "statement", line: 8, data: { action: "iam:Pass*" } },
        { messageId: "statement", line: 12 },
      ],
    },
    {
      name: "CloudFormation inline policy of a role",
      cfn: `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: codebuild.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: iam:PassRole
                Resource: !Sub arn:aws:iam::\${AWS::AccountId}:role/*`,
      errors: [{ messageId: "statement", line: 16, message: /held by Role/ }],
    },
    {
      name: "IAMFullAccess attached: at the attachment",
      tf: `resource "aws_iam_user" "u" {
  name = "u"
}
resource "aws_iam_user_policy_attachment" "a" {
  user       = aws_iam_user.u.name
  policy_arn = "arn:aws:iam::aws:policy/IAMFullAccess"
}`,
      errors: [{ messageId: "managed", line: 6, message: /IAMFullAccess attached here lets aws_iam_user\.u pass any role/ }],
    },
  ],
});

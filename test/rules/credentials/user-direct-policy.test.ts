import rule from "../../../src/rules/credentials/user-direct-policy.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    {
      name: "policies attached to a group the user belongs to",
      tf: `resource "aws_iam_user" "alice" {
  name = "alice"
}
resource "aws_iam_group" "dev" {
  name = "dev"
}
resource "aws_iam_user_group_membership" "alice" {
  user   = aws_iam_user.alice.name
  groups = [aws_iam_group.dev.name]
}
resource "aws_iam_group_policy_attachment" "dev" {
  group      = aws_iam_group.dev.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}`,
    },
    {
      name: "a permissions boundary on a user is a limit, not a grant",
      tf: `resource "aws_iam_user" "alice" {
  name                 = "alice"
  permissions_boundary = "arn:aws:iam::111122223333:policy/boundary"
}`,
    },
    {
      name: "aws_iam_policy_attachment to roles and groups only",
      tf: `resource "aws_iam_policy_attachment" "shared" {
  name       = "shared"
  roles      = ["app"]
  groups     = ["dev"]
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}`,
    },
    {
      name: "users not known statically may be an empty list",
      tf: `variable "users" {
  type = list(string)
}
resource "aws_iam_policy_attachment" "shared" {
  name       = "shared"
  users      = var.users
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}`,
    },
    {
      name: "CloudFormation: a user in a group, the group holds the policy",
      cfn: `Resources:
  Dev:
    Type: AWS::IAM::Group
    Properties:
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/ReadOnlyAccess
  Alice:
    Type: AWS::IAM::User
    Properties:
      Groups: [!Ref Dev]
      PermissionsBoundary: arn:aws:iam::111122223333:policy/boundary
`,
    },
  ],
  invalid: [
    {
      name: "inline aws_iam_user_policy, at the user line",
      tf: `resource "aws_iam_user" "alice" {
  name = "alice"
}
resource "aws_iam_user_policy" "alice" {
  name   = "alice-s3"
  user   = aws_iam_user.alice.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })
}`,
      errors: [{ messageId: "inline", line: 6, data: { user: "`aws_iam_user.alice`", policy: "`alice-s3`" } }],
    },
    {
      name: "managed attachments: user_policy_attachment, exclusive list, policy_attachment users",
      tf: `resource "aws_iam_user_policy_attachment" "alice" {
  user       = "alice"
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
resource "aws_iam_user_policy_attachments_exclusive" "bob" {
  user_name = "bob"
  policy_arns = [
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
    "arn:aws:iam::aws:policy/job-function/Billing",
  ]
}
resource "aws_iam_policy_attachment" "shared" {
  name       = "shared"
  roles      = ["app"]
  users      = ["carol", var.other_user]
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}`,
      errors: [
        { messageId: "managed", line: 3, data: { user: "`alice`" } },
        { messageId: "managed", line: 8, data: { user: "`bob`" } },
        { messageId: "managed", line: 9, data: { user: "`bob`" } },
        { messageId: "managed", line: 15, data: { user: "`carol`" } },
        { messageId: "managed", line: 15, data: { user: "`var.other_user`" } },
      ],
    },
    {
      name: "CloudFormation: user Policies and ManagedPolicyArns, AWS::IAM::Policy Users, AWS::IAM::UserPolicy",
      cfn: `Resources:
  Alice:
    Type: AWS::IAM::User
    Properties:
      Policies:
        - PolicyName: alice-s3
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: "*"
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/ReadOnlyAccess
  Shared:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Users:
        - !Ref Alice
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:ListBucket
            Resource: "*"
  Extra:
    Type: AWS::IAM::UserPolicy
    Properties:
      PolicyName: extra
      UserName: !Ref Alice
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sqs:SendMessage
            Resource: "*"
`,
      errors: [
        { messageId: "inline", line: 6, data: { policy: "`alice-s3`" } },
        { messageId: "managed", line: 14 },
        { messageId: "managed", line: 19, data: { user: "`!Ref Alice`", policy: "`Shared`" } },
        { messageId: "inline", line: 30, data: { policy: "`extra`" } },
      ],
    },
  ],
});

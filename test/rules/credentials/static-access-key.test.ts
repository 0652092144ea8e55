import rule from "../../../src/rules/credentials/static-access-key.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    {
      name: "a user without keys, and a role for the workload",
      tf: `resource "aws_iam_user" "alice" {
  name = "alice"
}
resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}`,
    },
    {
      name: "CloudFormation: a user and a login profile, no access key",
      cfn: `Resources:
  Alice:
    Type: AWS::IAM::User
    Properties:
      LoginProfile:
        Password: !Ref InitialPassword
        PasswordResetRequired: true
`,
    },
    {
      name: "a data source reading keys is not creating one",
      tf: `data "aws_iam_access_keys" "alice" {
  user = "alice"
}`,
    },
  ],
  invalid: [
    {
      name: "aws_iam_access_key, at the resource line",
      tf: `resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_access_key" "ci" {
  user    = aws_iam_user.ci.name
  pgp_key = "keybase:ci"
}`,
      errors: [{ messageId: "terraform", line: 5, data: { user: "aws_iam_user.ci" } }],
    },
    {
      name: "an inactive key still exists",
      tf: `resource "aws_iam_access_key" "old" {
  user   = "legacy"
  status = "Inactive"
}`,
      errors: [{ messageId: "terraform", line: 1, data: { user: "legacy" } }],
    },
    {
      name: "CloudFormation AWS::IAM::AccessKey, at the logical id",
      cfn: `Resources:
  CiUser:
    Type: AWS::IAM::User
  CiKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref CiUser
Outputs:
  Secret:
    Value: !GetAtt CiKey.SecretAccessKey
`,
      errors: [{ messageId: "cloudFormation", line: 4, data: { user: "!Ref CiUser" } }],
    },
  ],
});

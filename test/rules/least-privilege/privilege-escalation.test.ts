import rule from "../../../src/rules/least-privilege/privilege-escalation.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const trustEc2 = `jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })`;

ruleTester(rule, {
  valid: [
    {
      name: "PassRole only to Lambda does not open the EC2 path",
      tf: `resource "aws_iam_role" "ci" {
  name               = "ci"
  assume_role_policy = ${trustEc2}
}
resource "aws_iam_role_policy" "ci" {
  role = aws_iam_role.ci.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "iam:PassRole", Resource = "*", Condition = { StringEquals = { "iam:PassedToService" = "lambda.amazonaws.com" } } },
      { Effect = "Allow", Action = "ec2:RunInstances", Resource = "*" },
    ]
  })
}`,
    },
    {
      name: "one half of a path, a Deny on the other, and a condition from a variable",
      cfn: `Parameters:
  Org:
    Type: String
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [iam:UpdateAssumeRolePolicy, iam:CreatePolicyVersion]
                Resource: "*"
              - Effect: Deny
                Action: iam:CreatePolicyVersion
                Resource: "*"
              - Effect: Allow
                Action: iam:AttachRolePolicy
                Resource: "*"
                Condition:
                  StringEquals:
                    aws:PrincipalOrgID: !Ref Org`,
    },
    {
      name: "a full administrator is IAM101's finding",
      tf: `resource "aws_iam_role" "admin" {
  name                = "admin"
  assume_role_policy  = ${trustEc2}
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}`,
    },
  ],
  invalid: [
    {
      name: "PassRole + RunInstances across two policies of one role, at the PassRole grant",
      tf: `resource "aws_iam_role" "ci" {
  name               = "ci"
  assume_role_policy = ${trustEc2}
}
resource "aws_iam_role_policy" "pass" {
  role = aws_iam_role.ci.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }]
  })
}
resource "aws_iam_role_policy" "run" {
  role = aws_iam_role.ci.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["ec2:RunInstances"], Resource = "*" }]
  })
}`,
      errors: [{ messageId: "principal", line: 9, message: /aws_iam_role\.ci can escalate its privileges — iam:PassRole \+ ec2:RunInstances: can launch an instance with a more privileged role/ }],
    },
    {
      name: "IAMFullAccess attached in CloudFormation: one finding at the attachment naming the paths",
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
        - !Sub 'arn:\${AWS::Partition}:iam::aws:policy/IAMFullAccess'`,
      errors: [{ messageId: "principal", line: 11, message: /iam:CreatePolicyVersion: can rewrite .* granted by the AWS managed policy IAMFullAccess/ }],
    },
    {
      name: "a policy held by nobody in the scan is judged on its own (policy document)",
      tf: `data "aws_iam_policy_document" "deploy" {
  statement {
    actions   = ["lambda:UpdateFunctionCode"]
    resources = ["arn:aws:lambda:*:*:function:*"]
  }
}`,
      errors: [{ messageId: "lone", line: 3, message: /lambda:UpdateFunctionCode: can replace the code of a function/ }],
    },
  ],
});

import rule from "../../../src/rules/validity/unknown-managed-policy.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    {
      name: "real policies by attachment resource, managed_policy_arns and in other partitions",
      tf: `resource "aws_iam_role" "app" {
  name                = "app"
  assume_role_policy  = "{}"
  managed_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess"]
}

resource "aws_iam_role_policy_attachment" "logs" {
  role       = aws_iam_role.app.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}`,
    },
    {
      name: "an ARN that is not known statically, and a customer managed policy",
      tf: `variable "policy_arn" {}
resource "aws_iam_role_policy_attachment" "a" {
  role       = "app"
  policy_arn = var.policy_arn
}
resource "aws_iam_role_policy_attachment" "b" {
  role       = "app"
  policy_arn = "arn:aws:iam::123456789012:policy/NoSuchPolicyOfOurs"
}`,
    },
    {
      name: "CloudFormation with a !Sub partition, and SAM bare names (SAM resolves the path itself)",
      cfn: `Transform: AWS::Serverless-2016-10-31
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [] }
      ManagedPolicyArns:
        - !Sub arn:\${AWS::Partition}:iam::aws:policy/AmazonS3ReadOnlyAccess
  Function:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      Policies:
        - AWSLambdaBasicExecutionRole
        - AmazonDynamoDBReadOnlyAccess`,
    },
    {
      name: "a SAM bare name whose real ARN has a path is found by name",
      cfn: `Transform: AWS::Serverless-2016-10-31
Resources:
  Function:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      Policies: AWSLambdaVPCAccessExecutionRole`,
    },
  ],
  invalid: [
    {
      name: "a typo in an attachment resource, with the closest name",
      tf: `resource "aws_iam_role_policy_attachment" "admin" {
  role       = "ops"
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAcess"
}`,
      errors: [{ messageId: "unknownPolicy", line: 3, data: { name: "AdministratorAcess", suggestion: "AdministratorAccess" } }],
    },
    {
      name: "a missing service-role/ path",
      tf: `resource "aws_iam_role" "fn" {
  name                = "fn"
  assume_role_policy  = "{}"
  managed_policy_arns = [
    "arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole",
  ]
}`,
      errors: [
        {
          messageId: "wrongPath",
          line: 5,
          message:
            "`arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole` does not exist: AWS's ARN for `AWSLambdaBasicExecutionRole` is `arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole` (the path is part of the ARN).",
        },
      ],
    },
    {
      name: "a retired policy in CloudFormation, and an unknown SAM name",
      cfn: `Transform: AWS::Serverless-2016-10-31
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [] }
      ManagedPolicyArns:
        - !Sub arn:\${AWS::Partition}:iam::aws:policy/AWSCloudTrailReadOnlyAccess
  Function:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      Policies:
        - AWSLambdaExecut`,
      errors: [
        { messageId: "unknownPolicy", line: 8, data: { name: "AWSCloudTrailReadOnlyAccess", suggestion: "AWSCloudTrail_ReadOnlyAccess" } },
        { messageId: "unknownPolicy", line: 16, data: { name: "AWSLambdaExecut", suggestion: "AWSLambdaExecute" } },
      ],
    },
  ],
});

import rule from "../../../src/rules/validity/policy-version.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    {
      name: "jsonencode with the current version",
      tf: `resource "aws_iam_policy" "ok" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]
  })
}`,
    },
    {
      name: "aws_iam_policy_document renders the version itself",
      tf: `data "aws_iam_policy_document" "ok" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::bucket/home/\${aws:username}/*"]
  }
}`,
    },
    {
      name: "a version that is not known statically",
      tf: `variable "policy_version" {}
resource "aws_iam_policy" "ok" {
  policy = jsonencode({
    Version   = var.policy_version
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]
  })
}`,
    },
    {
      name: "a document that is not known at all",
      tf: `variable "policy_json" {}
resource "aws_iam_policy" "ok" {
  policy = var.policy_json
}`,
    },
    {
      name: "CloudFormation: an unquoted YAML 2012-10-17 is the version, not a date",
      cfn: `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: "*"`,
    },
    {
      name: "CloudFormation: SAM policy templates and Lambda permissions are generated",
      cfn: `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      CodeUri: .
      Policies:
        - S3ReadPolicy:
            BucketName: my-bucket
  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Fn
      Action: lambda:InvokeFunction
      Principal: s3.amazonaws.com
      SourceAccount: "111122223333"`,
    },
  ],
  invalid: [
    {
      name: "jsonencode without a version",
      tf: `resource "aws_iam_policy" "bad" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]
  })
}`,
      errors: [{ messageId: "missing", line: 2 }],
    },
    {
      name: "heredoc with 2008-10-17 and a policy variable",
      tf: `resource "aws_iam_user_policy" "bad" {
  user   = "alice"
  policy = <<EOF
{
  "Version": "2008-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::bucket/home/$\${aws:username}/*"
    }
  ]
}
EOF
}`,
      errors: [{ messageId: "oldWithVariables", line: 5, data: { variable: "${aws:username}" } }],
    },
    {
      name: "CloudFormation inline policy without a version that uses a variable",
      cfn: `Resources:
  Group:
    Type: AWS::IAM::Group
    Properties:
      Policies:
        - PolicyName: own-folder
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: s3:*
                Resource: "arn:aws:s3:::bucket/\${aws:username}/*"`,
      errors: [{ messageId: "missingWithVariables", line: 8, data: { variable: "${aws:username}" } }],
    },
    {
      name: "CloudFormation bucket policy with the old version",
      cfn: `Resources:
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: my-bucket
      PolicyDocument:
        Version: "2008-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: "111122223333" }
            Action: s3:GetObject
            Resource: arn:aws:s3:::my-bucket/*`,
      errors: [{ messageId: "old", line: 7 }],
    },
  ],
});

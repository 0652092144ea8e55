import rule from "../../../src/rules/trust/oidc-trust-unrestricted.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const github = (condition: string) => `resource "aws_iam_openid_connect_provider" "github" {
  url = "https://token.actions.githubusercontent.com"
}
resource "aws_iam_role" "deploy" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"${condition}
    }]
  })
}`;

ruleTester(rule, {
  valid: [
    {
      name: "GitHub with a specific sub and aud",
      tf: github(`
      Condition = {
        StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
        StringLike   = { "token.actions.githubusercontent.com:sub" = "repo:my-org/infra:ref:refs/heads/main" }
      }`),
    },
    {
      name: "an organisation-wide sub restricts to one organisation",
      tf: github(`
      Condition = {
        StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
        StringLike   = { "token.actions.githubusercontent.com:sub" = "repo:my-org/*" }
      }`),
    },
    {
      name: "ForAnyValue:StringLike on sub, with aud (aws_iam_policy_document)",
      tf: `data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"]
    }
    condition {
      test     = "ForAnyValue:StringLike"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:my-org/infra:*"]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}`,
    },
    {
      name: "EKS service account (CloudFormation)",
      cfn: `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Federated: !Sub arn:aws:iam::\${AWS::AccountId}:oidc-provider/oidc.eks.\${AWS::Region}.amazonaws.com/id/EXAMPLE0123
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals:
                oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE0123:sub: system:serviceaccount:payments:api
                oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE0123:aud: sts.amazonaws.com`,
    },
    {
      name: "Cognito with the identity pool",
      cfn: `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Federated: cognito-identity.amazonaws.com
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals:
                cognito-identity.amazonaws.com:aud: us-east-1:12345678-1234-1234-1234-123456789012
              ForAnyValue:StringLike:
                cognito-identity.amazonaws.com:amr: authenticated`,
    },
    {
      name: "the sub comes from a variable",
      tf: `variable "subject" {}
${github(`
      Condition = {
        StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
        StringLike   = { "token.actions.githubusercontent.com:sub" = var.subject }
      }`)}`,
    },
    {
      name: "a SAML trust is not OIDC",
      tf: `resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::111122223333:saml-provider/Okta" }
      Action    = "sts:AssumeRoleWithSAML"
    }]
  })
}`,
    },
  ],
  invalid: [
    {
      name: "GitHub without any condition",
      tf: github(""),
      errors: [{ messageId: "noSubject", line: 9, data: { key: "token.actions.githubusercontent.com:sub" } }],
    },
    {
      name: "GitHub sub repo:* matches any repository",
      tf: github(`
      Condition = {
        StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
        StringLike   = { "token.actions.githubusercontent.com:sub" = "repo:*" }
      }`),
      errors: [{ messageId: "anySubject", line: 13 }],
    },
    {
      name: "GitHub with a specific sub but no aud: warning",
      tf: github(`
      Condition = {
        StringLike = { "token.actions.githubusercontent.com:sub" = "repo:my-org/infra:*" }
      }`),
      errors: [{ messageId: "noAudience", line: 9 }],
    },
    {
      name: "GitHub provider from !GetAtt, sub * (CloudFormation)",
      cfn: `Resources:
  GithubOidc:
    Type: AWS::IAM::OIDCProvider
    Properties:
      Url: https://token.actions.githubusercontent.com
      ClientIdList: [sts.amazonaws.com]
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Federated: !GetAtt GithubOidc.Arn
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals:
                token.actions.githubusercontent.com:aud: sts.amazonaws.com
              StringLike:
                token.actions.githubusercontent.com:sub: "*"`,
      errors: [{ messageId: "anySubject", line: 21 }],
    },
    {
      name: "Cognito without the identity pool",
      cfn: `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Federated: cognito-identity.amazonaws.com
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              ForAnyValue:StringLike:
                cognito-identity.amazonaws.com:amr: authenticated`,
      errors: [{ messageId: "anyApp", line: 10 }],
    },
    {
      name: "an unknown provider without any condition",
      tf: `variable "provider_arn" {}
resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = var.provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
    }]
  })
}`,
      errors: [{ messageId: "noConditions", line: 7 }],
    },
  ],
});

import rule from "../../../src/rules/resource-policies/lambda-permission-public.js";
import publicAccess from "../../../src/rules/resource-policies/public-access.js";
import { describe, expect, it } from "vitest";
import { lintFiles } from "../../helpers/lint.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    {
      name: "S3 with source_arn and source_account",
      tf: `resource "aws_lambda_permission" "s3" {
  function_name  = "thumbnailer"
  action         = "lambda:InvokeFunction"
  principal      = "s3.amazonaws.com"
  source_arn     = "arn:aws:s3:::uploads"
  source_account = "111122223333"
}`,
    },
    {
      name: "an API Gateway with SourceArn (CloudFormation)",
      cfn: `Resources:
  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Function
      Action: lambda:InvokeFunction
      Principal: apigateway.amazonaws.com
      SourceArn: !Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api}/*`,
    },
    {
      name: "* restricted to the organisation",
      tf: `resource "aws_lambda_permission" "org" {
  function_name    = "shared"
  action           = "lambda:InvokeFunction"
  principal        = "*"
  principal_org_id = "o-a1b2c3d4e5"
}`,
    },
    {
      name: "another account",
      tf: `resource "aws_lambda_permission" "partner" {
  function_name = "shared"
  action        = "lambda:InvokeFunction"
  principal     = "444455556666"
}`,
    },
    {
      name: "an Alexa skill with its event source token",
      tf: `resource "aws_lambda_permission" "alexa" {
  function_name      = "skill"
  action             = "lambda:InvokeFunction"
  principal          = "alexa-appkit.amazon.com"
  event_source_token = "amzn1.ask.skill.0a1b2c3d"
}`,
    },
    {
      name: "an unresolved principal",
      tf: `variable "principal" {}
resource "aws_lambda_permission" "p" {
  function_name = "f"
  action        = "lambda:InvokeFunction"
  principal     = var.principal
}`,
    },
  ],
  invalid: [
    {
      name: "principal * (Terraform)",
      tf: `resource "aws_lambda_permission" "open" {
  function_name = "f"
  action        = "lambda:InvokeFunction"
  principal     = "*"
}`,
      errors: [{ messageId: "public", line: 4 }],
    },
    {
      name: "a public function URL (CloudFormation)",
      cfn: `Resources:
  UrlPermission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Function
      Action: lambda:InvokeFunctionUrl
      Principal: "*"
      FunctionUrlAuthType: NONE`,
      errors: [{ messageId: "public", line: 7, message: /anyone on the internet through the function URL/ }],
    },
    {
      name: "a service without source_arn or source_account",
      tf: `resource "aws_lambda_permission" "events" {
  function_name = "f"
  action        = "lambda:InvokeFunction"
  principal     = "events.amazonaws.com"
}`,
      errors: [{ messageId: "service", line: 4, data: { service: "events.amazonaws.com" } }],
    },
    {
      name: "SNS without SourceArn (CloudFormation)",
      cfn: `Resources:
  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !GetAtt Function.Arn
      Action: lambda:InvokeFunction
      Principal: sns.amazonaws.com`,
      errors: [{ messageId: "service", line: 7 }],
    },
  ],
});

describe("IAM404 and IAM401", () => {
  it("report a public permission once, as IAM404", async () => {
    const tf = `resource "aws_lambda_permission" "open" {
  function_name = "f"
  action        = "lambda:InvokeFunction"
  principal     = "*"
}`;
    const findings = await lintFiles({ "main.tf": tf }, { rules: [publicAccess, rule] });
    expect(findings.map((finding) => finding.ruleId)).toEqual(["IAM404"]);
  });
});

import { describe, expect, it } from "vitest";
import rule from "../../../src/rules/audit/cloudtrail-no-log-validation.js";
import { lintFiles } from "../../helpers/lint.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    {
      name: "validation on",
      tf: `resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "trail-logs"
  enable_log_file_validation = true
}`,
    },
    {
      name: "a value not known statically",
      tf: `variable "validate" {
  type = bool
}
resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "trail-logs"
  enable_log_file_validation = var.validate
}`,
    },
    {
      name: "CloudFormation: validation on, and from a parameter",
      cfn: `Parameters:
  Validate:
    Type: String
Resources:
  Main:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: trail-logs
      EnableLogFileValidation: true
  FromParameter:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: trail-logs
      EnableLogFileValidation: !Ref Validate
`,
    },
  ],
  invalid: [
    {
      name: "validation off, and left at its default",
      tf: `resource "aws_cloudtrail" "off" {
  name                       = "off"
  s3_bucket_name             = "trail-logs"
  enable_log_file_validation = false
}
resource "aws_cloudtrail" "default" {
  name           = "default"
  s3_bucket_name = "trail-logs"
}`,
      errors: [
        { messageId: "off", line: 4 },
        { messageId: "default", line: 6, message: /Add `enable_log_file_validation = true`/ },
      ],
    },
    {
      name: "CloudFormation: off and default",
      cfn: `Resources:
  Off:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: trail-logs
      EnableLogFileValidation: false
  Default:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: trail-logs
`,
      errors: [
        { messageId: "off", line: 7 },
        { messageId: "default", line: 8 },
      ],
    },
  ],
});

describe("IAM602 suggestion", () => {
  it("turns false into true on the same line", async () => {
    const [finding] = await lintFiles({ "main.tf": `resource "aws_cloudtrail" "main" {\n  enable_log_file_validation = false # audit\n}` }, { rules: [rule] });
    expect(finding.fix).toEqual({ at: { path: "main.tf", startLine: 2, endLine: 2 }, replacement: "  enable_log_file_validation = true # audit" });
  });
});

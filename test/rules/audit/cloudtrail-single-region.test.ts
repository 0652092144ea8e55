import { describe, expect, it } from "vitest";
import rule from "../../../src/rules/audit/cloudtrail-single-region.js";
import { lintFiles } from "../../helpers/lint.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    {
      name: "a multi-region trail (boolean and string forms)",
      tf: `resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = "trail-logs"
  is_multi_region_trail = true
}
resource "aws_cloudtrail" "org" {
  name                  = "org"
  s3_bucket_name        = "trail-logs"
  is_multi_region_trail = "true"
}`,
    },
    {
      name: "a value not known statically",
      tf: `variable "multi_region" {
  type = bool
}
resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = "trail-logs"
  is_multi_region_trail = var.multi_region
}`,
    },
    {
      name: "CloudFormation: multi-region, from a parameter, or an Fn::If whose branches differ",
      cfn: `Parameters:
  MultiRegion:
    Type: String
Conditions:
  IsProd: !Equals [!Ref "AWS::AccountId", "111122223333"]
Resources:
  Main:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: trail-logs
      IsMultiRegionTrail: true
  FromParameter:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: trail-logs
      IsMultiRegionTrail: !Ref MultiRegion
  Conditional:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: trail-logs
      IsMultiRegionTrail: !If [IsProd, true, false]
`,
    },
    {
      name: "CloudFormation: Properties that are an Fn::If as a whole are not known statically",
      cfn: `Conditions:
  IsProd: !Equals [!Ref "AWS::AccountId", "111122223333"]
Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties: !If
      - IsProd
      - IsLogging: true
        S3BucketName: trail-logs
        IsMultiRegionTrail: true
      - IsLogging: true
        S3BucketName: trail-logs
`,
    },
  ],
  invalid: [
    {
      name: "explicitly single-region, and the default",
      tf: `resource "aws_cloudtrail" "explicit" {
  name                  = "explicit"
  s3_bucket_name        = "trail-logs"
  is_multi_region_trail = false
}

resource "aws_cloudtrail" "default" {
  name           = "default"
  s3_bucket_name = "trail-logs"
}`,
      errors: [
        { messageId: "off", line: 4, data: { setting: "is_multi_region_trail" } },
        { messageId: "default", line: 7, message: /defaults to false.*Add `is_multi_region_trail = true`/ },
      ],
    },
    {
      name: "CloudFormation: false, a string \"false\", an Fn::If whose branches agree, and the default",
      cfn: `Conditions:
  IsProd: !Equals [!Ref "AWS::AccountId", "111122223333"]
Resources:
  Explicit:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: trail-logs
      IsMultiRegionTrail: false
  Quoted:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: trail-logs
      IsMultiRegionTrail: "false"
  Agreeing:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: trail-logs
      IsMultiRegionTrail: !If [IsProd, false, false]
  Default:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: trail-logs
`,
      errors: [
        { messageId: "off", line: 9 },
        { messageId: "off", line: 15 },
        { messageId: "off", line: 21 },
        { messageId: "default", line: 22, message: /Add `IsMultiRegionTrail: true`/ },
      ],
    },
  ],
});

describe("IAM601 suggestion", () => {
  it("turns false into true on the same line", async () => {
    const findings = await lintFiles(
      { "main.tf": `resource "aws_cloudtrail" "main" {\n  is_multi_region_trail = false\n}`, "template.yaml": `Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsMultiRegionTrail: False\n` },
      { rules: [rule] },
    );
    expect(findings.map((f) => f.fix)).toEqual([
      { at: { path: "main.tf", startLine: 2, endLine: 2 }, replacement: "  is_multi_region_trail = true" },
      { at: { path: "template.yaml", startLine: 5, endLine: 5 }, replacement: "      IsMultiRegionTrail: true" },
    ]);
  });
});

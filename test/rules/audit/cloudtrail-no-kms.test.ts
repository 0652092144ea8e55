import rule from "../../../src/rules/audit/cloudtrail-no-kms.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    {
      name: "a key by reference",
      tf: `resource "aws_kms_key" "trail" {
  description = "CloudTrail logs"
}
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "trail-logs"
  kms_key_id     = aws_kms_key.trail.arn
}`,
    },
    {
      name: "CloudFormation: an alias, and a key from a parameter",
      cfn: `Parameters:
  Key:
    Type: String
Resources:
  Aliased:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: trail-logs
      KMSKeyId: alias/cloudtrail
  FromParameter:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: trail-logs
      KMSKeyId: !Ref Key
`,
    },
  ],
  invalid: [
    {
      name: "no key",
      tf: `resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "trail-logs"
}`,
      errors: [{ messageId: "missing", line: 1, data: { setting: "kms_key_id" } }],
    },
    {
      name: "CloudFormation: no key",
      cfn: `Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: trail-logs
      KMSKeyId: ""
`,
      errors: [{ messageId: "missing", line: 2, data: { setting: "KMSKeyId" } }],
    },
  ],
});

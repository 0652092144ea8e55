import rule from "../../../src/rules/audit/cloudtrail-no-cloudwatch.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    {
      name: "a trail sending to a log group",
      tf: `resource "aws_cloudwatch_log_group" "trail" {
  name = "cloudtrail"
}
resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "trail-logs"
  cloud_watch_logs_group_arn = "\${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn  = "arn:aws:iam::111122223333:role/cloudtrail-to-logs"
}`,
    },
    {
      name: "a log group not known statically still counts",
      tf: `variable "log_group_arn" {
  type = string
}
resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "trail-logs"
  cloud_watch_logs_group_arn = var.log_group_arn
}`,
    },
    {
      name: "CloudFormation: a log group by GetAtt",
      cfn: `Resources:
  TrailLogs:
    Type: AWS::Logs::LogGroup
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: trail-logs
      CloudWatchLogsLogGroupArn: !GetAtt TrailLogs.Arn
      CloudWatchLogsRoleArn: arn:aws:iam::111122223333:role/cloudtrail-to-logs
`,
    },
  ],
  invalid: [
    {
      name: "no CloudWatch Logs destination, and an empty one",
      tf: `resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "trail-logs"
}
resource "aws_cloudtrail" "empty" {
  name                       = "empty"
  s3_bucket_name             = "trail-logs"
  cloud_watch_logs_group_arn = ""
}`,
      errors: [
        { messageId: "missing", line: 1, data: { setting: "cloud_watch_logs_group_arn" } },
        { messageId: "missing", line: 5 },
      ],
    },
    {
      name: "CloudFormation: no destination",
      cfn: `Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: trail-logs
`,
      errors: [{ messageId: "missing", line: 2, data: { setting: "CloudWatchLogsLogGroupArn", role: "CloudWatchLogsRoleArn" } }],
    },
  ],
});

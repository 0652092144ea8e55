import rule from "../../../src/rules/audit/root-login-alarm-missing.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const TRAIL_TF = `resource "aws_cloudwatch_log_group" "trail" {
  name = "cloudtrail"
}

resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "trail-logs"
  is_multi_region_trail      = true
  cloud_watch_logs_group_arn = "\${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn  = "arn:aws:iam::111122223333:role/cloudtrail-to-logs"
}
`;

const FILTER_TF = `resource "aws_cloudwatch_log_metric_filter" "root_usage" {
  name           = "root-usage"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = "{ $.userIdentity.type = \\"Root\\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \\"AwsServiceEvent\\" }"

  metric_transformation {
    name      = "RootAccountUsage"
    namespace = "CISBenchmark"
    value     = "1"
  }
}
`;

const ALARM_TF = `resource "aws_cloudwatch_metric_alarm" "root_usage" {
  alarm_name          = "root-usage"
  metric_name         = "RootAccountUsage"
  namespace           = "CISBenchmark"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:eu-west-1:111122223333:security"]
}
`;

const TRAIL_CFN = `Resources:
  TrailLogs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: cloudtrail
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: trail-logs
      CloudWatchLogsLogGroupArn: !GetAtt TrailLogs.Arn
      CloudWatchLogsRoleArn: arn:aws:iam::111122223333:role/cloudtrail-to-logs
`;

ruleTester(rule, {
  valid: [
    { name: "trail, root filter and alarm in one file", tf: TRAIL_TF + FILTER_TF + ALARM_TF },
    {
      name: "a trail split across files of the module: filter and alarm in alarms.tf",
      files: { "audit/trail.tf": TRAIL_TF, "audit/alarms.tf": FILTER_TF + ALARM_TF },
    },
    {
      name: "the CIS pattern variations: no spaces, bare Root, ==, other && parts",
      tf:
        TRAIL_TF +
        FILTER_TF.replace(
          /pattern .*\n/,
          'pattern = "{($.eventType != \\"AwsServiceEvent\\") && ($.userIdentity.type==Root)}"\n',
        ) +
        ALARM_TF,
    },
    {
      name: "an alarm over a metric-math query that includes the filter's metric",
      tf:
        TRAIL_TF +
        FILTER_TF +
        `resource "aws_cloudwatch_metric_alarm" "root_usage" {
  alarm_name          = "root-usage"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  threshold           = 1
  metric_query {
    id          = "root"
    return_data = true
    metric {
      metric_name = "RootAccountUsage"
      namespace   = "CISBenchmark"
      period      = 300
      stat        = "Sum"
    }
  }
}
`,
    },
    {
      name: "a filter pattern and an alarm metric not known statically may match",
      tf:
        TRAIL_TF +
        `variable "pattern" {
  type = string
}
variable "metric" {
  type = string
}
` +
        FILTER_TF.replace(/pattern .*\n/, "pattern = var.pattern\n") +
        ALARM_TF.replace(/metric_name .*\n/, "metric_name = var.metric\n"),
    },
    {
      name: "a trail that sends to no log group is IAM603's business",
      tf: `resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "trail-logs"
}`,
    },
    {
      name: "a trail whose log group is defined elsewhere (its filters are there too)",
      tf: `resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "trail-logs"
  cloud_watch_logs_group_arn = "arn:aws:logs:eu-west-1:111122223333:log-group:org-trail:*"
}`,
    },
    {
      name: "CloudFormation: filter and alarm in the template",
      cfn:
        TRAIL_CFN +
        `  RootFilter:
    Type: AWS::Logs::MetricFilter
    Properties:
      LogGroupName: !Ref TrailLogs
      FilterPattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }'
      MetricTransformations:
        - MetricName: RootAccountUsage
          MetricNamespace: CISBenchmark
          MetricValue: "1"
  RootAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      MetricName: RootAccountUsage
      Namespace: CISBenchmark
      Statistic: Sum
      Period: 300
      EvaluationPeriods: 1
      Threshold: 1
      ComparisonOperator: GreaterThanOrEqualToThreshold
`,
    },
  ],
  invalid: [
    {
      name: "no metric filter at all, at the trail's log group line",
      tf: TRAIL_TF,
      errors: [{ messageId: "noFilter", line: 9 }],
    },
    {
      name: "a filter for something else, and a negated root pattern",
      tf:
        TRAIL_TF +
        FILTER_TF.replace(/pattern .*\n/, 'pattern = "{ $.eventName = ConsoleLogin && $.errorMessage = \\"Failed authentication\\" }"\n') +
        FILTER_TF.replace('"root_usage"', '"not_root"').replace(/pattern .*\n/, 'pattern = "{ $.userIdentity.type != \\"Root\\" }"\n') +
        ALARM_TF,
      errors: [{ messageId: "noFilter", line: 9 }],
    },
    {
      name: "a root filter without an alarm, across files",
      files: { "audit/trail.tf": TRAIL_TF, "audit/filters.tf": FILTER_TF },
      errors: [{ messageId: "noAlarm", line: 9, data: { filter: "aws_cloudwatch_log_metric_filter.root_usage", metric: "CISBenchmark/RootAccountUsage" } }],
    },
    {
      name: "an alarm on another metric of the same namespace",
      tf: TRAIL_TF + FILTER_TF + ALARM_TF.replace('"RootAccountUsage"', '"ConsoleSigninFailures"'),
      errors: [{ messageId: "noAlarm", line: 9 }],
    },
    {
      name: "CloudFormation: filter without alarm",
      cfn:
        TRAIL_CFN +
        `  RootFilter:
    Type: AWS::Logs::MetricFilter
    Properties:
      LogGroupName: !Ref TrailLogs
      FilterPattern: '{ $.userIdentity.type = "Root" }'
      MetricTransformations:
        - MetricName: RootAccountUsage
          MetricNamespace: CISBenchmark
          MetricValue: "1"
`,
      errors: [{ messageId: "noAlarm", line: 11 }],
    },
    {
      name: "CloudFormation: a log group named in a !Sub ARN, no filter",
      cfn: `Resources:
  TrailLogs:
    Type: AWS::Logs::LogGroup
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: trail-logs
      CloudWatchLogsLogGroupArn: !Sub "arn:aws:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:\${TrailLogs}:*"
`,
      errors: [{ messageId: "noFilter", line: 9 }],
    },
  ],
});

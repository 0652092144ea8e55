/**
 * IAM603 cloudtrail-no-cloudwatch (notice). A trail that only writes to S3 is a record for later; one that
 * also sends to CloudWatch Logs can raise alarms while something happens (root logins, policy changes,
 * CloudTrail being stopped — the CIS 4.x metric filters, IAM605). Reported when `cloud_watch_logs_group_arn`
 * / `CloudWatchLogsLogGroupArn` is not written or empty; any value, known or not, counts as sending.
 */

import { defineRule } from "../types.js";
import { headerLine, isCloudFormation, isWritten } from "../credentials/settings.js";
import { settingName, trails, trailSetting } from "./trails.js";

export default defineRule({
  meta: {
    id: "IAM603",
    name: "cloudtrail-no-cloudwatch",
    severity: "notice",
    summary: "A CloudTrail trail sends no logs to CloudWatch Logs, so nothing can alarm on them.",
    messages: {
      missing:
        "`{{resource}}` sends no events to CloudWatch Logs, so no metric filter or alarm can react to a root login or a policy change while it happens. Set `{{setting}}` (with `{{role}}`) to a log group.",
    },
  },
  check(context) {
    for (const trail of trails(context.model)) {
      if (isWritten(trailSetting(trail, "cloudWatchLogs"))) continue;
      context.report({
        messageId: "missing",
        data: {
          resource: trail.address,
          setting: settingName(trail, "cloudWatchLogs"),
          role: isCloudFormation(trail) ? "CloudWatchLogsRoleArn" : "cloud_watch_logs_role_arn",
        },
        at: headerLine(trail),
        resource: trail.address,
        identity: ["cloudwatch"],
      });
    }
  },
});

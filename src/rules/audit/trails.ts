// What the CloudTrail rules (IAM601–IAM605) read from a trail, in both syntaxes: `aws_cloudtrail`
// attributes (Terraform AWS provider) and `AWS::CloudTrail::Trail` properties. Not a rule.

import { getEntry } from "../../iac/located.js";
import type { IacResource, LocatedValue } from "../../iac/types.js";
import type { ReviewModel } from "../../engine/model.js";
import type { RuleContext } from "../types.js";
import { booleanSetting, headerLine, isCloudFormation, replaceLiteralFix, resourcesOfType } from "../credentials/settings.js";

export type TrailSetting = "multiRegion" | "logFileValidation" | "cloudWatchLogs" | "kmsKey";

const NAMES: Record<TrailSetting, { terraform: string; cloudFormation: string }> = {
  multiRegion: { terraform: "is_multi_region_trail", cloudFormation: "IsMultiRegionTrail" },
  logFileValidation: { terraform: "enable_log_file_validation", cloudFormation: "EnableLogFileValidation" },
  cloudWatchLogs: { terraform: "cloud_watch_logs_group_arn", cloudFormation: "CloudWatchLogsLogGroupArn" },
  kmsKey: { terraform: "kms_key_id", cloudFormation: "KMSKeyId" },
};

export function trails(model: ReviewModel): IacResource[] {
  return resourcesOfType(model, "aws_cloudtrail", "AWS::CloudTrail::Trail");
}

/** The attribute or property name of a setting, as the trail's syntax spells it. */
export function settingName(trail: IacResource, setting: TrailSetting): string {
  return isCloudFormation(trail) ? NAMES[setting].cloudFormation : NAMES[setting].terraform;
}

export function trailSetting(trail: IacResource, setting: TrailSetting): LocatedValue | undefined {
  return getEntry(trail.attributes, settingName(trail, setting));
}

/**
 * The check of IAM601 and IAM602: a boolean trail setting that must be true. Absent (its default is false)
 * is reported at the trail; `false` at the value, with the one-line fix to `true`.
 */
export function checkTrailFlag(context: RuleContext<"off" | "default">, setting: TrailSetting): void {
  const { model } = context;
  for (const trail of trails(model)) {
    const name = settingName(trail, setting);
    const flag = booleanSetting(trailSetting(trail, setting));
    if (flag.state === "absent") {
      context.report({
        messageId: "default",
        data: { resource: trail.address, setting: name, assign: name.includes("_") ? " = " : ": " },
        at: headerLine(trail),
        resource: trail.address,
        identity: [name],
      });
    } else if (flag.state === "set" && !flag.value) {
      const fix = replaceLiteralFix(model, flag.at, "false", "true");
      context.report({
        messageId: "off",
        data: { setting: name },
        at: flag.at,
        resource: trail.address,
        identity: [name],
        ...(fix ? { fix } : {}),
      });
    }
  }
}

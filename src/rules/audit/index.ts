// IAM6xx: audit ("CloudTrail in all regions with alerts").
import type { Rule } from "../types.js";
import cloudtrailSingleRegion from "./cloudtrail-single-region.js";
import cloudtrailNoLogValidation from "./cloudtrail-no-log-validation.js";
import cloudtrailNoCloudwatch from "./cloudtrail-no-cloudwatch.js";
import cloudtrailNoKms from "./cloudtrail-no-kms.js";
import rootLoginAlarmMissing from "./root-login-alarm-missing.js";

export const auditRules: readonly Rule[] = [
  cloudtrailSingleRegion,
  cloudtrailNoLogValidation,
  cloudtrailNoCloudwatch,
  cloudtrailNoKms,
  rootLoginAlarmMissing,
];

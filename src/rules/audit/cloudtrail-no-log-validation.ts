/**
 * IAM602 cloudtrail-no-log-validation. With log file validation CloudTrail writes a signed digest file every
 * hour, so `aws cloudtrail validate-logs` can prove that no log file was changed or deleted after delivery —
 * the evidence an investigation needs when the attacker had write access to the bucket. Terraform's
 * `enable_log_file_validation` and CloudFormation's `EnableLogFileValidation` both default to false. A value
 * that is not known statically is not judged.
 */

import { defineRule } from "../types.js";
import { checkTrailFlag } from "./trails.js";

export default defineRule({
  meta: {
    id: "IAM602",
    name: "cloudtrail-no-log-validation",
    severity: "warning",
    summary: "A CloudTrail trail has log file validation off.",
    fixable: true,
    messages: {
      off: "`{{setting}}` is false: nobody can prove later that the trail's log files were not altered or deleted after delivery. Set it to true.",
      default:
        "`{{resource}}` does not set `{{setting}}`, which defaults to false: nobody can prove later that the trail's log files were not altered or deleted after delivery. Add `{{setting}}{{assign}}true`.",
    },
  },
  check(context) {
    checkTrailFlag(context, "logFileValidation");
  },
});

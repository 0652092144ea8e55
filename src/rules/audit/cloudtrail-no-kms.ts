/**
 * IAM604 cloudtrail-no-kms (notice). Without `kms_key_id` / `KMSKeyId` CloudTrail encrypts log files with
 * S3-managed keys (SSE-S3): anyone who can read the bucket can read the logs. With a customer managed KMS key
 * reading them also needs `kms:Decrypt` on the key, a second, separately audited permission. Any value, known
 * or not, counts as a key.
 */

import { defineRule } from "../types.js";
import { headerLine, isWritten } from "../credentials/settings.js";
import { settingName, trails, trailSetting } from "./trails.js";

export default defineRule({
  meta: {
    id: "IAM604",
    name: "cloudtrail-no-kms",
    severity: "notice",
    summary: "A CloudTrail trail's log files are not encrypted with a KMS key.",
    messages: {
      missing:
        "`{{resource}}` does not encrypt its log files with a KMS key, so anyone who can read the bucket can read every API call of the account. Set `{{setting}}` to a customer managed key whose policy lets CloudTrail encrypt.",
    },
  },
  check(context) {
    for (const trail of trails(context.model)) {
      if (isWritten(trailSetting(trail, "kmsKey"))) continue;
      context.report({
        messageId: "missing",
        data: { resource: trail.address, setting: settingName(trail, "kmsKey") },
        at: headerLine(trail),
        resource: trail.address,
        identity: ["kms"],
      });
    }
  },
});

/**
 * IAM504 password-policy-weak. The account password policy is what stands between a console password and a
 * guess. The thresholds are CIS AWS Foundations' (1.8, 1.9): at least 14 characters and no reuse of the last
 * 24 passwords; and, as the RULES table asks, symbols, numbers, upper- and lower-case letters required.
 * The Terraform provider's defaults are weak: `minimum_password_length` 6, no reuse prevention, and every
 * `require_*` false — so an attribute that is not written counts as its default.
 *
 * Only Terraform can express this: CloudFormation has no resource for the account password policy (teams use
 * a custom resource backed by their own Lambda, whose properties mean whatever that Lambda makes of them).
 *
 * A value that is written but too weak gets a one-line suggestion with the CIS value; settings that are not
 * written are reported together at the resource, since there is no line to rewrite. A value that is not
 * known statically (`var.min_length`) is not judged.
 */

import { getEntry } from "../../iac/located.js";
import { defineRule } from "../types.js";
import { booleanSetting, headerLine, numberSetting, replaceLiteralFix, resourcesOfType } from "./settings.js";

const MINIMUM_LENGTH = 14;
const REUSE_PREVENTION = 24;

const REQUIREMENTS: { attribute: string; what: string }[] = [
  { attribute: "require_symbols", what: "symbols" },
  { attribute: "require_numbers", what: "numbers" },
  { attribute: "require_uppercase_characters", what: "upper-case letters" },
  { attribute: "require_lowercase_characters", what: "lower-case letters" },
];

export default defineRule({
  meta: {
    id: "IAM504",
    name: "password-policy-weak",
    severity: "warning",
    summary: "The account password policy allows short, reused or simple passwords.",
    fixable: true,
    messages: {
      shortLength:
        "`minimum_password_length = {{value}}` lets users choose passwords shorter than {{minimum}} characters, which guessing and cracking break quickly; set it to at least {{minimum}}.",
      lowReuse:
        "`password_reuse_prevention = {{value}}` lets users cycle back to one of their last {{minimum}} passwords, including a leaked one; set it to {{minimum}}.",
      notRequired:
        "`{{attribute}} = false` lets passwords do without {{what}}; set it to `true`.",
      missing:
        "The password policy leaves settings at the provider's weak defaults: {{missing}}. Add them.",
    },
  },
  check(context) {
    const { model } = context;
    for (const policy of resourcesOfType(model, "aws_iam_account_password_policy")) {
      const missing: string[] = [];
      const attribute = (name: string) => getEntry(policy.attributes, name);

      const length = numberSetting(attribute("minimum_password_length"));
      if (length.state === "absent") missing.push(`\`minimum_password_length = ${MINIMUM_LENGTH}\` (default 6)`);
      else if (length.state === "set" && length.value < MINIMUM_LENGTH) {
        const fix = replaceLiteralFix(model, length.at, String(length.value), String(MINIMUM_LENGTH));
        context.report({
          messageId: "shortLength",
          data: { value: length.value, minimum: MINIMUM_LENGTH },
          at: length.at,
          resource: policy.address,
          identity: ["minimum_password_length"],
          ...(fix ? { fix } : {}),
        });
      }

      const reuse = numberSetting(attribute("password_reuse_prevention"));
      if (reuse.state === "absent") missing.push(`\`password_reuse_prevention = ${REUSE_PREVENTION}\` (default: none)`);
      else if (reuse.state === "set" && reuse.value < REUSE_PREVENTION) {
        const fix = replaceLiteralFix(model, reuse.at, String(reuse.value), String(REUSE_PREVENTION));
        context.report({
          messageId: "lowReuse",
          data: { value: reuse.value, minimum: REUSE_PREVENTION },
          at: reuse.at,
          resource: policy.address,
          identity: ["password_reuse_prevention"],
          ...(fix ? { fix } : {}),
        });
      }

      for (const { attribute: name, what } of REQUIREMENTS) {
        const required = booleanSetting(attribute(name));
        if (required.state === "absent") missing.push(`\`${name} = true\``);
        else if (required.state === "set" && !required.value) {
          const fix = replaceLiteralFix(model, required.at, "false", "true");
          context.report({
            messageId: "notRequired",
            data: { attribute: name, what },
            at: required.at,
            resource: policy.address,
            identity: [name],
            ...(fix ? { fix } : {}),
          });
        }
      }

      if (missing.length > 0) {
        context.report({
          messageId: "missing",
          data: { missing: missing.join(", ") },
          at: headerLine(policy),
          resource: policy.address,
          identity: ["missing"],
        });
      }
    }
  },
});

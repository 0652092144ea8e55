/**
 * IAM012 unknown-managed-policy. An attachment that names an AWS managed policy that does not exist fails at
 * apply time (`NoSuchEntity`) — or, worse, silently attaches nothing where a tool skips it. Typos
 * (`AdministratorAcess`), retired policies (`AWSCloudTrailReadOnlyAccess`) and wrong paths (a missing
 * `service-role/`) all land here, with the closest real name suggested.
 *
 * SAM resolves bare names in a function's `Policies` by name, so only the name counts there; everywhere
 * else the ARN must carry the policy's real path. ARNs that are not known statically (`var.policy_arn`,
 * `!Ref PolicyArn`) are not judged.
 */

import {
  closestManagedPolicyName,
  managedPolicyByName,
  managedPolicyOfAttachment,
  parseManagedPolicyArn,
} from "../../iam/managed-policies.js";
import { defineRule } from "../types.js";

export default defineRule({
  meta: {
    id: "IAM012",
    name: "unknown-managed-policy",
    severity: "error",
    summary: "An attachment names an AWS managed policy that does not exist.",
    messages: {
      unknownPolicy: "`{{name}}` is not an AWS managed policy: attaching it fails; did you mean `{{suggestion}}`?",
      unknownPolicyNoSuggestion: "`{{name}}` is not an AWS managed policy: attaching it fails.",
      wrongPath: "`{{arn}}` does not exist: AWS's ARN for `{{name}}` is `{{realArn}}` (the path is part of the ARN).",
    },
  },
  check(context) {
    for (const attachment of context.model.scan.attachments) {
      // Only ARNs whose path and name are known are judged (an unresolved partition is fine).
      const arn = attachment.policyArn.kind === "string" ? attachment.policyArn.value : undefined;
      const parsed = arn === undefined ? undefined : parseManagedPolicyArn(arn);
      if (arn === undefined || !parsed || managedPolicyOfAttachment(arn, attachment.byName)) continue;
      const existing = managedPolicyByName(parsed.name);
      const identity = [attachment.principal, parsed.name];
      if (existing) {
        context.report({
          messageId: "wrongPath",
          data: { arn, name: parsed.name, realArn: existing.arn },
          at: attachment.at,
          resource: attachment.resource,
          identity,
        });
        continue;
      }
      const suggestion = closestManagedPolicyName(parsed.name);
      context.report({
        messageId: suggestion ? "unknownPolicy" : "unknownPolicyNoSuggestion",
        data: { name: parsed.name, ...(suggestion ? { suggestion } : {}) },
        at: attachment.at,
        resource: attachment.resource,
        identity,
      });
    }
  },
});

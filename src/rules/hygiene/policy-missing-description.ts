/**
 * IAM703 policy-missing-description (notice). A customer managed policy outlives the change that created it
 * and gets attached by people who did not write it; its description is where it says what task it is for,
 * who owns it and which version it is. Judged: `aws_iam_policy` (`description`) and
 * `AWS::IAM::ManagedPolicy` (`Description`); an empty description is none, a value not known statically is
 * one. A `data "aws_iam_policy"` block only looks up an existing policy: nothing is created, so it is not judged.
 * Both are set only at creation: adding a description later replaces the policy (Terraform forces a new
 * resource, CloudFormation's update requires replacement), detaching and re-attaching it — the doc page says so.
 */

import { defineRule } from "../types.js";
import { headerLine, isCloudFormation, isWritten, resourcesOfType } from "../credentials/settings.js";
import { getEntry } from "../../iac/located.js";

export default defineRule({
  meta: {
    id: "IAM703",
    name: "policy-missing-description",
    severity: "notice",
    summary: "A customer managed policy has no description.",
    messages: {
      missing:
        "Managed policy `{{resource}}` has no description: whoever attaches it later cannot tell what task it is for or who owns it. Add `{{setting}}` saying its purpose, owner and version (set at creation: adding it later replaces the policy).",
    },
  },
  check(context) {
    for (const policy of resourcesOfType(context.model, "aws_iam_policy", "AWS::IAM::ManagedPolicy")) {
      if (isDataSource(policy.address)) continue;
      const setting = isCloudFormation(policy) ? "Description" : "description";
      if (isWritten(getEntry(policy.attributes, setting))) continue;
      context.report({
        messageId: "missing",
        data: { resource: policy.address, setting },
        at: headerLine(policy),
        resource: policy.address,
        identity: ["description"],
      });
    }
  },
});

/** `data.aws_iam_policy.x`, also inside a module or a qualified address (`module.m.data.…`, `dir:data.…`). */
function isDataSource(address: string): boolean {
  return /(?:^|[.:])data\.aws_iam_policy\./.test(address);
}

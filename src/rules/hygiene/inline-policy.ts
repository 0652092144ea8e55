/**
 * IAM702 inline-policy (notice). An inline policy lives and dies with its role or group: it has no ARN, no
 * versions to roll back to, cannot be attached to a second principal, and does not show up where people
 * look for "which policies exist". A customer managed policy can be versioned, reviewed once and swapped.
 *
 * Judged (roles and groups; an inline policy on a user is IAM503's finding, so one problem gets one finding):
 * - Terraform: `aws_iam_role_policy`, `aws_iam_group_policy`, and `inline_policy` blocks of `aws_iam_role`
 *   that have a `policy` (an empty `inline_policy {}` is the provider's way to remove inline policies);
 * - CloudFormation: `Policies` items of `AWS::IAM::Role` / `AWS::IAM::Group`, `AWS::IAM::RolePolicy`,
 *   `AWS::IAM::GroupPolicy`, and `AWS::IAM::Policy` with `Roles` or `Groups` (that resource writes an inline
 *   policy into each principal it names).
 * Not judged: SAM functions' `Policies` — SAM generates the role for the function and owns it, and the
 * policy cannot be shared or swapped independently of it either way.
 */

import { getEntry } from "../../iac/located.js";
import type { IacResource, LocatedValue, Position } from "../../iac/types.js";
import { defineRule } from "../types.js";
import { describeValue, headerLine, isWritten } from "../credentials/settings.js";

interface InlinePolicy {
  at: Position;
  principal: string;
  name: string;
}

export default defineRule({
  meta: {
    id: "IAM702",
    name: "inline-policy",
    severity: "notice",
    summary: "An inline policy on a role or group: prefer a managed policy that can be versioned and swapped.",
    messages: {
      inline:
        "Inline policy {{name}} on {{principal}} cannot be versioned, reused or reviewed on its own: it lives and dies with the principal. Prefer a customer managed policy ({{managed}}) attached to it.",
    },
  },
  check(context) {
    for (const resource of context.model.scan.resources) {
      const managed = resource.type.includes("::") ? "`AWS::IAM::ManagedPolicy`" : "`aws_iam_policy` + an attachment";
      for (const inline of inlinePolicies(resource)) {
        context.report({
          messageId: "inline",
          data: { name: inline.name, principal: inline.principal, managed },
          at: inline.at,
          resource: resource.address,
          identity: [inline.principal, inline.name],
        });
      }
    }
  },
});

function inlinePolicies(resource: IacResource): InlinePolicy[] {
  const attribute = (name: string) => getEntry(resource.attributes, name);
  const named = (value: LocatedValue | undefined) => (value ? `\`${describeValue(value)}\`` : "(unnamed)");
  const header = headerLine(resource);
  switch (resource.type) {
    case "aws_iam_role_policy":
      return [{ at: header, principal: `role ${named(attribute("role"))}`, name: named(attribute("name") ?? attribute("name_prefix")) }];
    case "aws_iam_group_policy":
      return [{ at: header, principal: `group ${named(attribute("group"))}`, name: named(attribute("name") ?? attribute("name_prefix")) }];
    case "aws_iam_role": {
      const blocks = attribute("inline_policy");
      const items = blocks?.kind === "array" ? blocks.items : [];
      return items.flatMap((block) => {
        const policy = getEntry(block, "policy");
        if (!isWritten(policy) || !policy) return [];
        const at = { ...policy.at, endLine: policy.at.startLine };
        return [{ at, principal: `role \`${resource.address}\``, name: named(getEntry(block, "name") ?? getEntry(block, "name_prefix")) }];
      });
    }
    case "AWS::IAM::Role":
    case "AWS::IAM::Group": {
      const kind = resource.type === "AWS::IAM::Role" ? "role" : "group";
      return listItems(attribute("Policies")).map((item) => ({
        at: { ...item.at, endLine: item.at.startLine },
        principal: `${kind} \`${resource.address}\``,
        name: named(getEntry(item, "PolicyName")),
      }));
    }
    case "AWS::IAM::RolePolicy":
      return [{ at: header, principal: `role ${named(attribute("RoleName"))}`, name: named(attribute("PolicyName")) }];
    case "AWS::IAM::GroupPolicy":
      return [{ at: header, principal: `group ${named(attribute("GroupName"))}`, name: named(attribute("PolicyName")) }];
    case "AWS::IAM::Policy": {
      const principals = [
        ...(isWritten(attribute("Roles")) ? [`roles ${named(attribute("Roles"))}`] : []),
        ...(isWritten(attribute("Groups")) ? [`groups ${named(attribute("Groups"))}`] : []),
      ];
      if (principals.length === 0) return [];
      return [{ at: header, principal: principals.join(" and "), name: named(attribute("PolicyName")) }];
    }
    default:
      return [];
  }
}

/** The written items of a list (each option of an `Fn::If`); none for a list not known statically. */
function listItems(list: LocatedValue | undefined): LocatedValue[] {
  if (!list) return [];
  if (list.kind === "array") return list.items.flatMap((item) => (item.kind === "choice" ? item.options.filter((o) => o.kind === "object") : item.kind === "object" ? [item] : []));
  if (list.kind === "choice") return list.options.flatMap(listItems);
  return [];
}

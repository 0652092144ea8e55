/**
 * IAM503 user-direct-policy. Permissions attached to one IAM user, inline or managed, are invisible when
 * someone looks at the groups, drift from what colleagues in the same job have, and stay behind when the
 * person changes teams. IAM's best practice is to give users permissions only through groups (or, better,
 * no IAM users at all: federation and roles). Every way of attaching a policy to a user is reported, at the
 * line that makes the attachment:
 * - Terraform: `aws_iam_user_policy` (inline, at `user`), `aws_iam_user_policy_attachment` (at `policy_arn`),
 *   `aws_iam_user_policy_attachments_exclusive` (each of `policy_arns`), `aws_iam_policy_attachment` (each of
 *   `users`);
 * - CloudFormation: `AWS::IAM::User` `Policies` and `ManagedPolicyArns` (each item), `AWS::IAM::Policy` /
 *   `AWS::IAM::ManagedPolicy` `Users` (each item), `AWS::IAM::UserPolicy` (at `UserName`).
 * A permissions boundary is not a grant and is not reported. A list that is not known statically
 * (`users = var.users`) may be empty: unknown is not a violation.
 */

import { getEntry } from "../../iac/located.js";
import type { IacResource, LocatedValue, Position } from "../../iac/types.js";
import { defineRule } from "../types.js";
import { describeValue, headerLine } from "./settings.js";

interface DirectAttachment {
  at: Position;
  user: string;
  policy: string;
  inline: boolean;
}

export default defineRule({
  meta: {
    id: "IAM503",
    name: "user-direct-policy",
    severity: "warning",
    summary: "A policy is attached directly to an IAM user instead of a group.",
    messages: {
      inline:
        "Inline policy {{policy}} is attached directly to IAM user {{user}}: permissions given to one person drift from their team's and stay behind when they move. Put the user in a group and give the group the policy (`aws_iam_group_policy` / `AWS::IAM::Group`).",
      managed:
        "Managed policy {{policy}} is attached directly to IAM user {{user}}: permissions given to one person drift from their team's and stay behind when they move. Attach it to a group the user belongs to instead (`aws_iam_group_policy_attachment` / the group's `ManagedPolicyArns`).",
    },
  },
  check(context) {
    for (const resource of context.model.scan.resources) {
      for (const found of directAttachments(resource)) {
        context.report({
          messageId: found.inline ? "inline" : "managed",
          data: { user: found.user, policy: found.policy },
          at: found.at,
          resource: resource.address,
          identity: [found.inline ? "inline" : "managed", found.user, found.policy],
        });
      }
    }
  },
});

function directAttachments(resource: IacResource): DirectAttachment[] {
  const attributes = resource.attributes;
  const attribute = (name: string) => getEntry(attributes, name);
  const named = (value: LocatedValue | undefined) => (value ? `\`${describeValue(value)}\`` : "(unnamed)");
  switch (resource.type) {
    case "aws_iam_user_policy": {
      const user = attribute("user");
      return [{ at: user?.at ?? headerLine(resource), user: named(user), policy: named(attribute("name") ?? attribute("name_prefix")), inline: true }];
    }
    case "aws_iam_user_policy_attachment": {
      const arn = attribute("policy_arn");
      return [{ at: arn?.at ?? headerLine(resource), user: named(attribute("user")), policy: named(arn), inline: false }];
    }
    case "aws_iam_user_policy_attachments_exclusive":
      return knownItems(attribute("policy_arns")).map((arn) => ({ at: arn.at, user: named(attribute("user_name")), policy: named(arn), inline: false }));
    case "aws_iam_policy_attachment":
      return knownItems(attribute("users")).map((user) => ({ at: user.at, user: named(user), policy: named(attribute("policy_arn")), inline: false }));
    case "AWS::IAM::User": {
      const user = `\`${resource.address}\``;
      const inline = knownItems(attribute("Policies")).map((item) => ({
        at: item.at,
        user,
        policy: named(getEntry(item, "PolicyName")),
        inline: true,
      }));
      const managed = knownItems(attribute("ManagedPolicyArns")).map((arn) => ({ at: arn.at, user, policy: named(arn), inline: false }));
      return [...inline, ...managed];
    }
    case "AWS::IAM::Policy":
    case "AWS::IAM::ManagedPolicy": {
      const nameProperty = resource.type === "AWS::IAM::Policy" ? "PolicyName" : "ManagedPolicyName";
      const policy = attribute(nameProperty) ? named(attribute(nameProperty)) : `\`${resource.address}\``;
      return knownItems(attribute("Users")).map((user) => ({
        at: user.at,
        user: named(user),
        policy,
        inline: resource.type === "AWS::IAM::Policy",
      }));
    }
    case "AWS::IAM::UserPolicy": {
      const user = attribute("UserName");
      return [{ at: user?.at ?? headerLine(resource), user: named(user), policy: named(attribute("PolicyName")), inline: true }];
    }
    default:
      return [];
  }
}

/**
 * The items a list surely has: the written items of a literal list (each option of a `Fn::If`, which both
 * may apply); nothing for a list that is not known statically or an `AWS::NoValue`.
 */
function knownItems(list: LocatedValue | undefined): LocatedValue[] {
  if (!list) return [];
  if (list.kind === "array") return list.items.flatMap((item) => (item.kind === "choice" ? item.options.filter(isPresent) : isPresent(item) ? [item] : []));
  if (list.kind === "choice") return list.options.flatMap(knownItems);
  return [];
}

function isPresent(value: LocatedValue): boolean {
  return value.kind !== "absent" && value.kind !== "null";
}

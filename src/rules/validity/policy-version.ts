/**
 * IAM002 policy-version. Without `"Version": "2012-10-17"` AWS reads a policy with the 2008-10-17 grammar,
 * in which policy variables (`${aws:username}`, `${aws:PrincipalTag/team}`) are plain text: a statement
 * meant for "my own folder" then matches only a folder literally named `${aws:username}`. Only documents
 * written by hand are judged; generators supply the version themselves (`aws_iam_policy_document` renders
 * 2012-10-17, SAM policy templates and resource attributes are built by AWS, a plan holds what the provider
 * rendered). An unquoted YAML `Version: 2012-10-17` is read as the version, not as a date (the CloudFormation
 * extractor keeps the text).
 */

import { getEntry } from "../../iac/located.js";
import type { LocatedValue, PolicyOrigin } from "../../iac/types.js";
import type { Policy } from "../../iam/model.js";
import { defineRule } from "../types.js";
import { writtenPolicies } from "./support.js";

const HAND_WRITTEN: ReadonlySet<PolicyOrigin> = new Set([
  "jsonencode",
  "heredoc",
  "json-string",
  "file",
  "cloudformation",
  "policy-file",
]);

const OLD_VERSION = "2008-10-17";

/** `${aws:username}`, `${aws:PrincipalTag/team}`, `${s3:prefix}`: IAM policy variables (not HCL, which is evaluated). */
const POLICY_VARIABLE = /\$\{[A-Za-z0-9.-]+:[^}]+\}/;

export default defineRule({
  meta: {
    id: "IAM002",
    name: "policy-version",
    severity: "warning",
    summary: 'A hand-written policy has no Version or the old "2008-10-17" one.',
    messages: {
      missing: 'The policy has no Version, so AWS reads it as "2008-10-17"; add "Version": "2012-10-17".',
      missingWithVariables:
        'The policy has no Version, so AWS reads it as "2008-10-17" and the policy variable `{{variable}}` is literal text; add "Version": "2012-10-17".',
      old: 'Version "2008-10-17" is the old policy language; use "2012-10-17".',
      oldWithVariables:
        'Version "2008-10-17" is the old policy language: the policy variable `{{variable}}` is literal text under it; use "2012-10-17".',
    },
  },
  check(context) {
    for (const analyzed of writtenPolicies(context.model)) {
      const { source, policy } = analyzed;
      if (!HAND_WRITTEN.has(source.origin) || source.document.kind !== "object") continue;
      const version = getEntry(source.document, "Version");
      const variable = firstPolicyVariable(policy);
      if (version === undefined) {
        context.report({
          messageId: variable ? "missingWithVariables" : "missing",
          data: variable ? { variable } : {},
          at: source.document.at,
          resource: source.resource,
          identity: [source.property, "missing"],
        });
      } else if (isOldVersion(version)) {
        context.report({
          messageId: variable ? "oldWithVariables" : "old",
          data: variable ? { variable } : {},
          at: version.at,
          resource: source.resource,
          identity: [source.property, OLD_VERSION],
        });
      }
    }
  },
});

/** Only the literal old version: an unresolved Version is unknown, another text is IAM001's business. */
function isOldVersion(version: LocatedValue): boolean {
  return version.kind === "string" && version.value === OLD_VERSION;
}

/** The first policy variable the policy uses where variables are evaluated (resources, conditions, principals). */
function firstPolicyVariable(policy: Policy): string | undefined {
  for (const statement of policy.statements) {
    const texts = [
      ...(statement.resources ?? []),
      ...(statement.notResources ?? []),
      ...(statement.principals ?? []),
      ...(statement.notPrincipals ?? []),
      ...statement.conditions.flatMap((clause) => clause.values),
    ];
    for (const text of texts) {
      const match = POLICY_VARIABLE.exec(text.value);
      if (match) return match[0];
    }
  }
  return undefined;
}

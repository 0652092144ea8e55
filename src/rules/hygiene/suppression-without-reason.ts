/**
 * IAM704 suppression-without-reason (notice). A suppression silences a finding for as long as the line
 * exists; without a reason the next reader cannot tell an accepted risk (a break-glass role) from a shortcut
 * taken to get a pull request green, and nobody can revisit it when the reason no longer holds. Reported at
 * the suppression itself, once per `iam-review:ignore` comment or `Metadata` entry.
 */

import { defineRule } from "../types.js";

export default defineRule({
  meta: {
    id: "IAM704",
    name: "suppression-without-reason",
    severity: "notice",
    summary: "An `iam-review:ignore` suppression gives no reason.",
    messages: {
      terraform:
        "This suppression of {{rules}} gives no reason: the next reader cannot tell an accepted risk from a shortcut. Add one: `# iam-review:ignore {{rules}} reason: <why this is acceptable>`.",
      cloudFormation:
        "This suppression of {{rules}} gives no reason: the next reader cannot tell an accepted risk from a shortcut. Add `reason: <why this is acceptable>` next to its `id`.",
    },
  },
  check(context) {
    for (const suppression of context.model.suppressions) {
      if (suppression.reason !== undefined) continue;
      const cloudFormation = "resource" in suppression.scope;
      const rules = suppression.ruleIds.join(", ");
      context.report({
        messageId: cloudFormation ? "cloudFormation" : "terraform",
        data: { rules },
        at: { ...suppression.at, endLine: suppression.at.startLine },
        ...("resource" in suppression.scope ? { resource: suppression.scope.resource } : {}),
        identity: [rules],
      });
    }
  },
});

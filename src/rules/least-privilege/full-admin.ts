/**
 * IAM101 full-admin. An Allow of every action (`*`, `*:*`, or a NotAction that leaves IAM, STS, S3, EC2 and
 * KMS in) on every resource, without a condition that restricts who or where, makes its holder an
 * administrator of the account: one leaked credential or one compromised workload owns everything.
 *
 * Decided by simulation (analysis.ts): the statement must let the simulator allow a set of administrator
 * probes (ADMIN_PROBES) on any resource, with the Denies its holder carries and the holder's boundary, in a
 * typical signed-in request. MFA and TLS conditions do not restrict (admin behind MFA is still admin); any
 * other condition the request must satisfy does. An AWS managed policy that does this (AdministratorAccess)
 * is reported at its attachment, naming it. SCPs and permissions boundaries are never judged.
 *
 * On the same statement this finding replaces IAM102, IAM103, IAM107 and IAM108 (RULES.md), and IAM105 and
 * IAM106 too: a full administrator's unrestricted PassRole and escalation paths are the same problem.
 */

import { defineRule } from "../types.js";
import { fullAdminGrant } from "./admin.js";
import { analyze, holderPhrase, reportAt, statementIdentityOf, statementKeyOf, resolvedActions, isEveryAction } from "./analysis.js";
import { ANALYSIS_CATALOGUE } from "./analysis.js";

export default defineRule({
  meta: {
    id: "IAM101",
    name: "full-admin",
    severity: "error",
    summary: "An Allow grants every action on every resource without a restricting condition.",
    catalogue: ANALYSIS_CATALOGUE,
    messages: {
      everyAction:
        "This statement allows `{{action}}` on every resource{{holder}}: full administrator access — the simulator allows every probe, e.g. `iam:AttachRolePolicy` and `s3:DeleteBucket`, on any resource. Grant only the actions the task needs, on its resources.",
      notAction:
        "This statement allows every action except {{excluded}} on every resource{{holder}}: full administrator access — the simulator allows every probe, e.g. `iam:AttachRolePolicy` and `s3:DeleteBucket`, on any resource. List the actions the task needs instead.",
      managed:
        "The AWS managed policy {{policy}} attached here gives {{principal}} full administrator access — the simulator allows every probe, e.g. `iam:AttachRolePolicy` and `s3:DeleteBucket`, on any resource. Attach a policy scoped to the task instead.",
    },
    supersedes: ["IAM102", "IAM103", "IAM105", "IAM106", "IAM107", "IAM108"],
  },
  check(context) {
    const analysis = analyze(context.model);
    for (const document of analysis.held) {
      for (const statement of document.policy.statements) {
        const answer = fullAdminGrant(analysis, document, statement);
        if (!answer) continue;
        const common = {
          resource: document.resource,
          statement: statementKeyOf(document, statement),
          identity: [statementIdentityOf(document, statement)],
        };
        if (document.managed) {
          const principal = document.holders.map((holder) => holder.address).join(", ") || document.managed.attachment.principal.replace(/^<unresolved:(.*)>$/, "$1");
          context.report({
            messageId: "managed",
            data: { policy: document.managed.policy.name, principal },
            at: reportAt(document, undefined),
            ...common,
          });
          continue;
        }
        const everyAction = resolvedActions(statement).find((item) => isEveryAction(item.value));
        if (everyAction) {
          context.report({ messageId: "everyAction", data: { action: everyAction.value, holder: holderPhrase(answer) }, at: everyAction.at, ...common });
        } else {
          const excluded = statement.notActions!.map((item) => `\`${item.value}\``).join(", ");
          context.report({ messageId: "notAction", data: { excluded, holder: holderPhrase(answer) }, at: statement.notActions![0]?.at ?? statement.at, ...common });
        }
      }
    }
  },
});

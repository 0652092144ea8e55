/**
 * IAM203 sensitive-without-mfa. A policy for humans — held by an IAM user or group, or by a role whose trust
 * policy lets account or user principals in — allows a sensitive action (`sensitive_actions`, DESIGN.md
 * defaults) to a request that carries no `aws:MultiFactorAuthPresent`: a leaked password or access key is
 * enough to move money or delete data. A rule about what a principal can do: all of the principal's identity
 * policies count (a Deny with `BoolIfExists … false` elsewhere protects it), AWS managed ones included, and
 * the finding lands on the statement that allows (the attachment for an AWS managed policy).
 *
 * DESIGN.md "Sensitive actions": a configured pattern counts only the catalogue's Write, Permissions-management
 * and Tagging actions it covers (`iam:ListRoles` is not "iam:*"); an action named without a wildcard counts
 * whatever its level.
 */

import { isAccountId, parseArn } from "../../iam/arn.js";
import type { Statement } from "../../iam/model.js";
import { defineRule } from "../types.js";
import {
  actionEntryFor,
  actionsCovered,
  allowedOnAnyResource,
  allowsWrittenFirst,
  analyze,
  holderPolicySet,
  listForMessage,
  reportAt,
  someAllowNames,
  statementIdentityOf,
  statementKeyOf,
  type Analysis,
  type Holder,
  type JudgedDocument,
} from "../least-privilege/analysis.js";
import { ANALYSIS_CATALOGUE } from "../least-privilege/analysis.js";

const CHANGING_LEVELS = new Set(["Write", "Permissions management", "Tagging"]);
/** No MFA key; TLS is not what this rule is about. */
const WITHOUT_MFA = { "aws:SecureTransport": "true" };

export default defineRule({
  meta: {
    id: "IAM203",
    name: "sensitive-without-mfa",
    severity: "warning",
    summary: "A policy for humans allows sensitive actions without MFA.",
    catalogue: ANALYSIS_CATALOGUE,
    messages: {
      withoutMfa:
        "{{principals}} can {{actions}} without MFA: the simulator, with `aws:MultiFactorAuthPresent` absent (a password or access key alone), says allowed. Require MFA — `\"Condition\": {\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}}` on this Allow, or a Deny with `BoolIfExists` … `false`.",
    },
  },
  check(context) {
    const analysis = analyze(context.model);
    const sensitive = sensitiveActions(analysis, context.model.config.sensitive_actions);
    if (sensitive.length === 0) return;
    const documentsByName = new Map<string, JudgedDocument>();
    for (const document of analysis.held) documentsByName.set(document.policy.name, document);

    const byStatement = new Map<string, { document: JudgedDocument; statement: Statement; actions: Set<string>; principals: Set<string> }>();
    for (const holder of analysis.holders) {
      if (!isForHumans(holder)) continue;
      const set = holderPolicySet(analysis, holder);
      for (const action of sensitive) {
        if (!someAllowNames(holder.identity, action)) continue;
        const decision = allowedOnAnyResource(analysis, set, action, WITHOUT_MFA);
        if (!decision) continue;
        const match = allowsWrittenFirst(decision.matched, documentsByName)[0];
        const document = match ? documentsByName.get(match.policy) : undefined;
        const statement = document?.policy.statements.find((candidate) => candidate.index === match!.index);
        if (!document || !statement) continue;
        const key = statementKeyOf(document, statement);
        const entry = byStatement.get(key) ?? { document, statement, actions: new Set<string>(), principals: new Set<string>() };
        entry.actions.add(action);
        entry.principals.add(holder.address);
        byStatement.set(key, entry);
      }
    }

    for (const [key, { document, statement, actions, principals }] of byStatement) {
      const list = [...actions];
      context.report({
        messageId: "withoutMfa",
        data: { principals: [...principals].join(", "), actions: listForMessage(list) },
        at: reportAt(document, actionEntryFor(statement, list[0])?.at ?? statement.at),
        resource: document.resource,
        statement: key,
        identity: [statementIdentityOf(document, statement)],
      });
    }
  },
});

const sensitiveCache = new WeakMap<Analysis, string[]>();

/** The configured sensitive actions as concrete actions, by DESIGN.md's counting rule. */
export function sensitiveActions(analysis: Analysis, configured: readonly string[]): string[] {
  const known = sensitiveCache.get(analysis);
  if (known) return known;
  const actions = new Map<string, string>();
  for (const pattern of configured) {
    if (!/[*?]/.test(pattern)) {
      actions.set(pattern.toLowerCase(), pattern);
      continue;
    }
    // A service the catalogue has not loaded is one that no document of the review names: nothing to allow.
    for (const action of actionsCovered(analysis, pattern) ?? []) {
      if (CHANGING_LEVELS.has(action.accessLevel)) actions.set(action.action.toLowerCase(), action.action);
    }
  }
  const list = [...actions.values()];
  sensitiveCache.set(analysis, list);
  return list;
}

/** Users, groups, and roles whose trust policy lets an account (root) or a user in. */
export function isForHumans(holder: Holder): boolean {
  if (holder.principal.type !== "role") return true;
  const trust = holder.effective.trust?.policy;
  if (!trust) return false;
  return trust.statements.some(
    (statement) =>
      statement.effect.value === "Allow" &&
      (statement.principals ?? []).some((principal) => principal.type === "AWS" && (principal.value === "*" || isAccountOrUser(principal.value))),
  );
}

function isAccountOrUser(value: string): boolean {
  if (isAccountId(value)) return true;
  const arn = parseArn(value);
  if (!arn || arn.service !== "iam") return false;
  return arn.resource === "root" || arn.resource.startsWith("user/");
}

/**
 * IAM103 write-on-all-resources. Write, permissions-management and tagging actions (access levels from the
 * catalogue) granted on `Resource: "*"` although the actions accept specific resources: the statement can
 * change or delete every instance, bucket, table… of the account, where naming the task's resources was
 * possible. Actions that only accept `*` (`ec2:CreateVpc`…) are not findings.
 *
 * A wording rule: it judges the documents written in the change. Each action still has to be granted by the
 * simulator (a Deny, or a condition that restricts who or where — `aws:ResourceTag/…` for ABAC — is not a
 * finding). `*` is IAM101's; actions of a pattern that IAM102 reports are left to IAM102.
 */

import { effectiveSeverity } from "../../engine/config.js";
import { matchesAction } from "../../iam/wildcard.js";
import { defineRule } from "../types.js";
import {
  actionsCovered,
  analyze,
  holderPhrase,
  isAllow,
  isEveryAction,
  listForMessage,
  onEveryResource,
  resolvedActions,
  firstGranted,
  statementGrants,
  statementIdentityOf,
  statementKeyOf,
} from "./analysis.js";
import type { Position } from "../../iac/types.js";
import { CREDENTIAL_ACTIONS } from "./credentials-exposure.js";
import { serviceWildcardOf } from "./wildcards.js";
import { ANALYSIS_CATALOGUE } from "./analysis.js";

// (A whole pattern that IAM102 reports is IAM102's, all of its actions: one pattern, one finding.)
const CHANGING_LEVELS = new Set(["Write", "Permissions management", "Tagging"]);

export default defineRule({
  meta: {
    id: "IAM103",
    name: "write-on-all-resources",
    severity: "warning",
    summary: "An Allow grants write, permissions-management or tagging actions on every resource although they support resource-level permissions.",
    catalogue: ANALYSIS_CATALOGUE,
    messages: {
      writeOnAll:
        "This statement grants {{count}} write/permissions/tagging action(s) on every resource ({{examples}}){{holder}}, although they accept specific resources: the simulator allows `{{example}}` on any resource. Name the resources the task changes.",
    },
  },
  check(context) {
    const analysis = analyze(context.model);
    const { catalogue } = analysis;
    const iam102Active = effectiveSeverity(context.model.config, "IAM102", "error") !== "off";
    for (const document of analysis.written) {
      for (const statement of document.policy.statements) {
        if (!isAllow(statement)) continue;
        const entries = resolvedActions(statement);
        // "IAM102 replaces IAM103 for the same actions."
        const leftToIam102 = iam102Active ? entries.map((entry) => serviceWildcardOf(analysis, entry)).filter((wildcard) => wildcard !== undefined) : [];
        const coveredByWildcard = (action: string) => leftToIam102.some((wildcard) => matchesAction(wildcard.entry.value, action));
        const candidates = new Map<string, Position>();
        for (const entry of entries) {
          if (isEveryAction(entry.value) || leftToIam102.some((wildcard) => wildcard.entry === entry)) continue;
          for (const action of actionsCovered(analysis, entry.value) ?? []) {
            const key = action.action.toLowerCase();
            if (candidates.has(key) || !CHANGING_LEVELS.has(action.accessLevel) || !action.supportsResourceLevelPermissions) continue;
            if (OTHER_RULES_ACTIONS.has(key) || coveredByWildcard(action.action) || !onEveryResource(analysis, statement, action.action)) continue;
            candidates.set(key, entry.at);
          }
        }
        if (candidates.size === 0) continue;
        const actions = [...candidates.keys()].map((key) => catalogue.actionDetails(key)?.action ?? key);
        const granted = firstGranted(actions, (action) => statementGrants(analysis, document, statement, action));
        if (!granted) continue;
        context.report({
          messageId: "writeOnAll",
          data: { count: actions.length, examples: listForMessage(actions), example: granted.action, holder: holderPhrase(granted.answer) },
          at: candidates.get(granted.action.toLowerCase())!,
          resource: document.resource,
          statement: statementKeyOf(document, statement),
          identity: [statementIdentityOf(document, statement)],
        });
      }
    }
  },
});

/** Each is another rule's problem: IAM106 (PassRole on every role), IAM108 (credentials). */
const OTHER_RULES_ACTIONS = new Set(["iam:passrole", ...CREDENTIAL_ACTIONS.map((action) => action.toLowerCase())]);

/**
 * IAM005 condition-operator. A misspelt condition operator (`StringEqual`, `BoolIfExist`) makes AWS reject
 * the policy, and a set operator on a single-valued key is a trap: `ForAllValues:` is true when the key is
 * missing, so an Allow meant to be narrow matches requests that carry no such key at all, and
 * `ForAnyValue:` on one value is only an obscure spelling of the plain operator. Single-valued is decided by
 * the catalogue (the Service Authorization Reference types: `ArrayOf…` keys are the multi-valued ones), and
 * only for keys whose type it documents reliably: global keys and service keys. Identity-provider keys
 * (`cognito-identity.amazonaws.com:amr` is multi-valued in practice but typed String) are left alone.
 */

import { hasUnresolved } from "../../iac/located.js";
import { closestMatch } from "../../iam/suggest.js";
import { defineRule } from "../types.js";
import { allOperatorNames, parseConditionOperator } from "./condition-operators.js";
import { writtenPolicies, statementContext } from "./support.js";

const OPERATOR_NAMES = allOperatorNames();

export default defineRule({
  meta: {
    id: "IAM005",
    name: "condition-operator",
    severity: "error",
    summary: "Unknown condition operator, or a set operator (ForAllValues/ForAnyValue) on a single-valued key.",
    messages: {
      unknownOperator: "`{{operator}}` is not a condition operator; did you mean `{{suggestion}}`?",
      unknownOperatorNoSuggestion: "`{{operator}}` is not a condition operator.",
      setOnSingleValued:
        "`{{qualifier}}:` is for multi-valued keys, but `{{key}}` is single-valued: {{consequence}} Use `{{plain}}`.",
    },
  },
  check(context) {
    const { catalogue } = context.model;
    for (const analyzed of writtenPolicies(context.model)) {
      for (const statement of analyzed.policy.statements) {
        const where = statementContext(analyzed, statement);
        const reportedOperators = new Set<string>();
        for (const clause of statement.conditions) {
          if (hasUnresolved(clause.operator) || hasUnresolved(clause.key)) continue;
          const parsed = parseConditionOperator(clause.operator);
          if (!parsed.base) {
            // One operator block with several keys is one mistake.
            const place = `${clause.operatorAt.startLine}:${clause.operatorAt.startColumn ?? 0}:${clause.operator}`;
            if (reportedOperators.has(place)) continue;
            reportedOperators.add(place);
            const suggestion = suggestOperator(clause.operator);
            context.report({
              messageId: suggestion ? "unknownOperator" : "unknownOperatorNoSuggestion",
              data: { operator: clause.operator, ...(suggestion ? { suggestion } : {}) },
              at: clause.operatorAt,
              resource: where.resource,
              statement: where.statement,
              identity: [where.statementIdentity, clause.operator],
            });
            continue;
          }
          if (!parsed.qualifier) continue;
          const info = catalogue.conditionKeyInfo(clause.key);
          if (!info || info.multiValued) continue;
          const colon = clause.key.indexOf(":");
          const documented = info.global || (colon > 0 && catalogue.isKnownService(clause.key.slice(0, colon)));
          if (!documented) continue;
          context.report({
            messageId: "setOnSingleValued",
            data: {
              qualifier: parsed.qualifier,
              key: clause.key,
              plain: `${parsed.base.name}${parsed.ifExists ? "IfExists" : ""}`,
              consequence:
                parsed.qualifier === "ForAllValues"
                  ? "ForAllValues is also true when the request has no such key, so the condition matches more than it seems."
                  : "ForAnyValue on a single value only obscures the plain operator.",
            },
            at: clause.keyAt,
            resource: where.resource,
            statement: where.statement,
            identity: [where.statementIdentity, clause.operator, clause.key.toLowerCase()],
          });
        }
      }
    }
  },
});

/** `NullIfExists` → `Null` (the one operator without IfExists); otherwise the closest real operator. */
function suggestOperator(operator: string): string | undefined {
  const withoutIfExists = operator.replace(/IfExists$/i, "");
  if (withoutIfExists !== operator && parseConditionOperator(withoutIfExists).base) return withoutIfExists;
  return closestMatch(operator, OPERATOR_NAMES);
}

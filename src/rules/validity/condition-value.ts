/**
 * IAM006 condition-value. A condition value the operator cannot read never matches: `NumericLessThan` on
 * "one hour", `DateGreaterThan` on "yesterday", `IpAddress` on "10.0.0.0/33", `Bool` on "yes". AWS rejects
 * some of these and silently never matches others; either way the condition is not the guard it looks
 * like (in a Deny, the guard disappears). A key in the `aws:` namespace that AWS does not define
 * (`aws:SourceIpAddress`) is never in the request, so the condition is decided as if the key were missing.
 * Keys compare case-insensitively (`aws:sourceip` is `aws:SourceIp`), tag-style keys by their prefix
 * (`aws:PrincipalTag/team`). Values with unresolved parts are unknown, not wrong.
 */

import { hasUnresolved } from "../../iac/located.js";
import type { Located } from "../../iac/types.js";
import { parseCidr } from "../../simulator/ip.js";
import { parseBinary, parseBoolean, parseDate, parseNumber } from "../../simulator/values.js";
import { defineRule } from "../types.js";
import { parseConditionOperator, type OperatorFamily } from "./condition-operators.js";
import { writtenPolicies, statementContext } from "./support.js";

/** What each operator family accepts, for the message. */
const EXPECTED: Record<Exclude<OperatorFamily, "String">, string> = {
  Numeric: "a number",
  Date: "a date (ISO 8601 such as 2030-01-01T00:00:00Z, or epoch seconds)",
  Bool: '"true" or "false"',
  Null: '"true" (the key is absent) or "false" (it is present)',
  Binary: "base-64 encoded bytes",
  IpAddress: "an IPv4 or IPv6 address or CIDR block",
  Arn: "an ARN (arn:partition:service:region:account:resource, wildcards allowed)",
};

/** `${aws:username}`: operators that support policy variables may hold one anywhere in the value. */
const POLICY_VARIABLE = /\$\{[^}]+\}/;

function acceptsValue(family: Exclude<OperatorFamily, "String">, value: string): boolean {
  switch (family) {
    case "Numeric":
      return parseNumber(value) !== undefined;
    case "Date":
      return parseDate(value) !== undefined;
    case "Bool":
      // Bool supports policy variables (`${aws:MultiFactorAuthPresent}` is rare but valid).
      return parseBoolean(value) !== undefined || POLICY_VARIABLE.test(value);
    case "Null":
      return parseBoolean(value) !== undefined;
    case "Binary":
      return parseBinary(value) !== undefined;
    case "IpAddress":
      return parseCidr(value) !== undefined;
    case "Arn":
      // ARN operators support wildcards and policy variables: `arn:aws:iam::*:role/x`, `*`, `${aws:SourceArn}`.
      return value.startsWith("arn:") || /^[*?]+$/.test(value) || POLICY_VARIABLE.test(value);
  }
}

export default defineRule({
  meta: {
    id: "IAM006",
    name: "condition-value",
    severity: "error",
    summary: "A condition value that cannot match its operator, or an unknown global condition key (aws:…).",
    messages: {
      invalidValue: "`{{operator}}` compares {{expected}}, not \"{{value}}\": this value never matches.",
      unknownGlobalKey: "`{{key}}` is not an AWS global condition key, so it is never in the request; did you mean `{{suggestion}}`?",
      unknownGlobalKeyNoSuggestion: "`{{key}}` is not an AWS global condition key, so it is never in the request.",
    },
  },
  check(context) {
    const { catalogue } = context.model;
    for (const analyzed of writtenPolicies(context.model)) {
      for (const statement of analyzed.policy.statements) {
        const where = statementContext(analyzed, statement);
        const reportedKeys = new Set<string>();
        for (const clause of statement.conditions) {
          if (hasUnresolved(clause.operator) || hasUnresolved(clause.key)) continue;

          const lowerKey = clause.key.toLowerCase();
          if (lowerKey.startsWith("aws:") && !catalogue.isKnownGlobalConditionKey(clause.key) && !reportedKeys.has(lowerKey)) {
            reportedKeys.add(lowerKey);
            const suggestion = catalogue.closestGlobalConditionKey(clause.key);
            context.report({
              messageId: suggestion ? "unknownGlobalKey" : "unknownGlobalKeyNoSuggestion",
              data: { key: clause.key, ...(suggestion ? { suggestion } : {}) },
              at: clause.keyAt,
              resource: where.resource,
              statement: where.statement,
              identity: [where.statementIdentity, lowerKey],
            });
          }

          const family = parseConditionOperator(clause.operator).base?.family;
          if (family === undefined || family === "String") continue; // unknown operators are IAM005's
          for (const value of clause.values) {
            if (hasUnresolved(value.value) || acceptsValue(family, value.value)) continue;
            reportInvalid(value, clause.operator, family);
          }
        }

        function reportInvalid(value: Located<string>, operator: string, family: Exclude<OperatorFamily, "String">): void {
          context.report({
            messageId: "invalidValue",
            data: { operator, value: value.value, expected: EXPECTED[family] },
            at: value.at,
            resource: where.resource,
            statement: where.statement,
            identity: [where.statementIdentity, operator, value.value],
          });
        }
      }
    }
  },
});

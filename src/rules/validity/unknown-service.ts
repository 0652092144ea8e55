/**
 * IAM004 unknown-service. An action whose service prefix does not exist (`s3s:GetObject`, `lamda:Invoke*`)
 * matches nothing: the grant or the deny it was meant to be is not there. The closest real prefix is
 * suggested. Prefixes are compared case-insensitively, as AWS does for actions.
 */

import { hasUnresolved } from "../../iac/located.js";
import { hasWildcard } from "../../iam/wildcard.js";
import { defineRule } from "../types.js";
import { writtenPolicies, statementContext } from "./support.js";

export default defineRule({
  meta: {
    id: "IAM004",
    name: "unknown-service",
    severity: "error",
    summary: "The service prefix of an action does not exist.",
    messages: {
      unknownService: "`{{service}}` is not an AWS service prefix (in `{{action}}`); did you mean `{{suggestion}}`?",
      unknownServiceNoSuggestion: "`{{service}}` is not an AWS service prefix (in `{{action}}`).",
    },
  },
  check(context) {
    const { catalogue } = context.model;
    for (const analyzed of writtenPolicies(context.model)) {
      for (const statement of analyzed.policy.statements) {
        const where = statementContext(analyzed, statement);
        for (const action of [...(statement.actions ?? []), ...(statement.notActions ?? [])]) {
          if (hasUnresolved(action.value)) continue;
          const colon = action.value.indexOf(":");
          if (colon <= 0) continue; // not of the form service:action — IAM003 says so
          const service = action.value.slice(0, colon);
          if (hasWildcard(service) || catalogue.isKnownService(service)) continue;
          const suggestion = catalogue.closestService(service);
          context.report({
            messageId: suggestion ? "unknownService" : "unknownServiceNoSuggestion",
            data: { service, action: action.value, ...(suggestion ? { suggestion } : {}) },
            at: action.at,
            resource: where.resource,
            statement: where.statement,
            identity: [where.statementIdentity, action.value.toLowerCase()],
          });
        }
      }
    }
  },
});

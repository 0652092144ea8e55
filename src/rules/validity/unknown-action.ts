/**
 * IAM003 unknown-action. IAM accepts a misspelt action without complaint in many places (a Deny on
 * `s3:DeleteObjects` is valid JSON) and it then matches nothing: the permission the author meant to grant
 * is missing, or — worse — the deny they meant to add does not exist. A pattern with wildcards that covers
 * no real action (`s3:Get*Objekt`) is the same mistake. The catalogue decides; the closest real action is
 * suggested. An unknown service prefix is IAM004's finding, not this one.
 */

import { hasUnresolved } from "../../iac/located.js";
import type { Located } from "../../iac/types.js";
import { hasWildcard } from "../../iam/wildcard.js";
import { defineRule } from "../types.js";
import { writtenPolicies, statementContext } from "./support.js";

export default defineRule({
  meta: {
    id: "IAM003",
    name: "unknown-action",
    severity: "error",
    summary: "An action or action pattern matches no action of its service.",
    messages: {
      unknownAction: "`{{action}}` is not an action of {{service}}; did you mean `{{suggestion}}`?",
      unknownActionNoSuggestion: "`{{action}}` is not an action of {{service}}.",
      patternMatchesNothing: "The pattern `{{action}}` matches no action of {{service}}.",
      malformed: '`{{action}}` is not an action: actions are written "service:ActionName" (e.g. `s3:GetObject`).',
    },
  },
  check(context) {
    const { catalogue } = context.model;
    for (const analyzed of writtenPolicies(context.model)) {
      for (const statement of analyzed.policy.statements) {
        const where = statementContext(analyzed, statement);
        const report = (
          messageId: "unknownAction" | "unknownActionNoSuggestion" | "patternMatchesNothing" | "malformed",
          action: Located<string>,
          data: Record<string, string>,
        ) =>
          context.report({
            messageId,
            data: { action: action.value, ...data },
            at: action.at,
            resource: where.resource,
            statement: where.statement,
            identity: [where.statementIdentity, action.value.toLowerCase()],
          });

        for (const action of [...(statement.actions ?? []), ...(statement.notActions ?? [])]) {
          const text = action.value;
          if (hasUnresolved(text) || /^\*+$/.test(text)) continue;
          const colon = text.indexOf(":");
          if (colon <= 0) {
            // `s3*` could be a service pattern written without its colon; only plain words are surely wrong.
            if (!hasWildcard(text)) report("malformed", action, {});
            continue;
          }
          const prefix = text.slice(0, colon);
          // A wildcard in the service part (`s3*:Get*`) spans services; an unknown prefix is IAM004's.
          if (hasWildcard(prefix)) {
            if (!catalogue.matchesSomeAction(text)) report("patternMatchesNothing", action, { service: `\`${prefix}\`` });
            continue;
          }
          if (!catalogue.isKnownService(prefix)) continue;
          const service = catalogue.serviceName(prefix) ?? prefix;
          if (hasWildcard(text)) {
            if (!catalogue.matchesSomeAction(text)) report("patternMatchesNothing", action, { service });
            continue;
          }
          if (catalogue.isKnownAction(text)) continue;
          const suggestion = catalogue.closestAction(prefix, text);
          if (suggestion) report("unknownAction", action, { service, suggestion });
          else report("unknownActionNoSuggestion", action, { service });
        }
      }
    }
  },
});

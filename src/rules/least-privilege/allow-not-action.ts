/**
 * IAM104 allow-not-action. An Allow with `NotAction` grants every action except the listed ones — including
 * every action AWS adds later; an Allow with `NotResource` grants on every resource except the listed ones,
 * including resources created later. Both read as restrictions and are grants. A wording rule: it judges the
 * documents written in the change (not AWS managed policies such as PowerUserAccess, whose wording is AWS's).
 * Deny statements with NotAction/NotResource are the documented way to write guard rails: never findings.
 */

import { defineRule } from "../types.js";
import { analyze, isAllow, listForMessage, statementIdentityOf, statementKeyOf } from "./analysis.js";
import { ANALYSIS_CATALOGUE } from "./analysis.js";

export default defineRule({
  meta: {
    id: "IAM104",
    name: "allow-not-action",
    severity: "warning",
    summary: "An Allow uses NotAction or NotResource: it grants everything else, including what AWS adds later.",
    catalogue: ANALYSIS_CATALOGUE,
    messages: {
      notAction:
        "This Allow uses `NotAction`: it grants every action except {{excluded}}, including actions AWS adds later. List the actions the task needs in `Action` instead.",
      notResource:
        "This Allow uses `NotResource`: it grants on every resource except {{excluded}}, including resources created later. List the resources in `Resource` instead.",
    },
  },
  check(context) {
    const analysis = analyze(context.model);
    for (const document of analysis.written) {
      for (const statement of document.policy.statements) {
        if (!isAllow(statement)) continue;
        const common = {
          resource: document.resource,
          statement: statementKeyOf(document, statement),
        };
        if (statement.notActions && statement.notActions.length > 0) {
          context.report({
            messageId: "notAction",
            data: { excluded: listForMessage(statement.notActions.map((item) => item.value)) },
            at: statement.notActions[0].at,
            ...common,
            identity: [statementIdentityOf(document, statement), "NotAction"],
          });
        }
        if (statement.notResources && statement.notResources.length > 0) {
          context.report({
            messageId: "notResource",
            data: { excluded: listForMessage(statement.notResources.map((item) => item.value)) },
            at: statement.notResources[0].at,
            ...common,
            identity: [statementIdentityOf(document, statement), "NotResource"],
          });
        }
      }
    }
  },
});

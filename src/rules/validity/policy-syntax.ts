/**
 * IAM001 policy-syntax. AWS refuses a policy document that is not JSON, or whose shape breaks the policy
 * grammar (no Statement, an Effect other than Allow/Deny, Action and NotAction together, a Principal in an
 * identity policy…): the apply fails, or — worse, with a misspelt element name in a tolerant service — the
 * statement silently does something else. The grammar checks themselves live in src/iam/normalize.ts
 * (ShapeProblem, per policy kind); JSON that does not parse comes from the extractors as `IacError`s with
 * `policy: true`. This rule only reports them.
 */

import type { Position } from "../../iac/types.js";
import { defineRule } from "../types.js";
import { writtenPolicies, statementContext } from "./support.js";

export default defineRule({
  meta: {
    id: "IAM001",
    name: "policy-syntax",
    severity: "error",
    summary: "The policy document does not parse, or its shape breaks the IAM policy grammar.",
    messages: {
      shape: "{{message}}",
      unparseable: "The policy document cannot be read: {{message}}",
    },
  },
  check(context) {
    for (const analyzed of writtenPolicies(context.model)) {
      for (const problem of analyzed.problems) {
        const statement =
          problem.statementIndex === undefined
            ? undefined
            : analyzed.policy.statements.find((candidate) => candidate.index === problem.statementIndex);
        if (statement) {
          const where = statementContext(analyzed, statement);
          context.report({
            messageId: "shape",
            data: { message: problem.message, element: problem.element },
            at: problem.at,
            resource: where.resource,
            statement: where.statement,
            identity: [where.statementIdentity, problem.element, problem.message],
          });
        } else {
          context.report({
            messageId: "shape",
            data: { message: problem.message, element: problem.element },
            at: problem.at,
            resource: analyzed.source.resource,
            identity: [analyzed.source.property, problem.element, problem.message],
          });
        }
      }
    }

    for (const error of context.model.scan.errors) {
      if (!error.policy) continue;
      const at: Position = { path: error.path, startLine: error.line, endLine: error.line };
      if (error.column !== undefined) at.startColumn = error.column;
      context.report({
        messageId: "unparseable",
        data: { message: error.message },
        at,
        ...(error.resource === undefined ? {} : { resource: error.resource }),
        identity: [error.message],
      });
    }
  },
});

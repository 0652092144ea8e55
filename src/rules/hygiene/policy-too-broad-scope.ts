/**
 * IAM701 policy-too-broad-scope (notice). A policy that spans more than 10 services or 20 statements is no
 * longer about one task: nobody can say what it is for, reviewing a change to it means re-reading all of it,
 * and it ends up attached to principals that need a tenth of it. Splitting it by task keeps each piece
 * small enough to review and to attach only where needed.
 *
 * Judged: identity policies written in the change (inline and managed). Not permissions boundaries and SCPs,
 * which are ceilings and naturally list many services, nor resource and trust policies, which belong to one
 * resource; not SAM policy templates (AWS's wording). Services are counted from `Action` and `NotAction`
 * (`*` and values not known statically name no service); statements that are the branches of one `Fn::If`
 * count once.
 */

import type { Position } from "../../iac/types.js";
import { hasUnresolved } from "../../iac/located.js";
import { defineRule } from "../types.js";
import { writtenPolicies } from "../validity/support.js";

const MAX_SERVICES = 10;
const MAX_STATEMENTS = 20;

export default defineRule({
  meta: {
    id: "IAM701",
    name: "policy-too-broad-scope",
    severity: "notice",
    summary: "One policy spans more than 10 services or 20 statements: split it by task.",
    messages: {
      services:
        "This policy spans {{services}} services ({{list}}): it is no longer about one task, so it is hard to review and gets attached where only part of it is needed. Split it into policies by task, each attached only where it is needed.",
      statements:
        "This policy has {{statements}} statements: it is no longer about one task, so it is hard to review and gets attached where only part of it is needed. Split it into policies by task, each attached only where it is needed.",
      both:
        "This policy has {{statements}} statements over {{services}} services ({{list}}): it is no longer about one task, so it is hard to review and gets attached where only part of it is needed. Split it into policies by task.",
    },
  },
  check(context) {
    for (const analyzed of writtenPolicies(context.model)) {
      if (analyzed.source.kind !== "identity") continue;
      const { statements } = analyzed.policy;
      const services = new Set<string>();
      for (const statement of statements) {
        for (const action of [...(statement.actions ?? []), ...(statement.notActions ?? [])]) {
          const colon = action.value.indexOf(":");
          if (colon <= 0 || hasUnresolved(action.value)) continue;
          services.add(action.value.slice(0, colon).toLowerCase());
        }
      }
      const statementCount = new Set(statements.map((statement) => statement.index)).size;
      const tooManyServices = services.size > MAX_SERVICES;
      const tooManyStatements = statementCount > MAX_STATEMENTS;
      if (!tooManyServices && !tooManyStatements) continue;
      const sorted = [...services].sort();
      const list = sorted.length > 5 ? `${sorted.slice(0, 5).join(", ")} and ${sorted.length - 5} more` : sorted.join(", ");
      const at: Position = { ...analyzed.source.at, endLine: analyzed.source.at.startLine };
      context.report({
        messageId: tooManyServices && tooManyStatements ? "both" : tooManyServices ? "services" : "statements",
        data: { services: services.size, statements: statementCount, list },
        at,
        resource: analyzed.source.resource,
        identity: [analyzed.source.property],
      });
    }
  },
});

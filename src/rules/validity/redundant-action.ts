/**
 * IAM010 redundant-action. An action listed twice, or already covered by a wildcard of the same statement
 * (`s3:GetObject` next to `s3:Get*`), changes nothing — but it makes the statement longer than it reads and
 * hides what the wildcard really grants: a reviewer sees the specific action and misses the broad one.
 * Actions compare case-insensitively. Whether a pattern covers another pattern is decided on the catalogue's
 * actions (everything the narrower one matches, the broader one matches too); unknown actions are IAM003's.
 */

import { hasUnresolved } from "../../iac/located.js";
import type { Located } from "../../iac/types.js";
import type { Catalogue } from "../../iam/catalogue.js";
import { hasWildcard, matchesAction } from "../../iam/wildcard.js";
import { defineRule } from "../types.js";
import { writtenPolicies, statementContext } from "./support.js";

export default defineRule({
  meta: {
    id: "IAM010",
    name: "redundant-action",
    severity: "notice",
    summary: "An action is listed twice, or is already covered by a wildcard in the same statement.",
    messages: {
      duplicate: "`{{action}}` is listed twice in this statement.",
      covered: "`{{action}}` is already covered by `{{coveredBy}}` in this statement.",
    },
  },
  check(context) {
    const { catalogue } = context.model;
    for (const analyzed of writtenPolicies(context.model)) {
      for (const statement of analyzed.policy.statements) {
        const where = statementContext(analyzed, statement);
        for (const [element, list] of [["Action", statement.actions], ["NotAction", statement.notActions]] as const) {
          if (!list) continue;
          for (const redundancy of findRedundancies(list, catalogue)) {
            context.report({
              messageId: redundancy.coveredBy ? "covered" : "duplicate",
              data: { action: redundancy.action.value, ...(redundancy.coveredBy ? { coveredBy: redundancy.coveredBy } : {}) },
              at: redundancy.action.at,
              resource: where.resource,
              statement: where.statement,
              identity: [where.statementIdentity, element, redundancy.action.value.toLowerCase()],
            });
          }
        }
      }
    }
  },
});

interface Redundancy {
  action: Located<string>;
  /** The wildcard that covers it; undefined when it is a plain repetition. */
  coveredBy?: string;
}

function findRedundancies(list: readonly Located<string>[], catalogue: Catalogue): Redundancy[] {
  const known = list.filter((action) => !hasUnresolved(action.value));
  const redundancies: Redundancy[] = [];
  const seen = new Set<string>();
  for (const [position, action] of known.entries()) {
    const lower = action.value.toLowerCase();
    if (seen.has(lower)) {
      redundancies.push({ action });
      continue;
    }
    seen.add(lower);
    const cover = known.find((other, otherPosition) => {
      const otherLower = other.value.toLowerCase();
      if (otherLower === lower || !hasWildcard(other.value)) return false;
      if (!covers(other.value, action.value, catalogue)) return false;
      // Two patterns covering each other (`s3:Get*` and `s3:G*` when they match the same actions): only the
      // later one is redundant.
      return !(hasWildcard(action.value) && covers(action.value, other.value, catalogue) && otherPosition > position);
    });
    if (cover) redundancies.push({ action, coveredBy: cover.value });
  }
  return redundancies;
}

/** Does pattern `broad` match everything `narrow` matches? */
function covers(broad: string, narrow: string, catalogue: Catalogue): boolean {
  // A misspelt action is IAM003's finding, not a redundancy.
  if (!hasWildcard(narrow)) return catalogue.isKnownAction(narrow) && matchesAction(broad, narrow);
  if (/^\*+$/.test(broad)) return true;
  const narrowActions = catalogue.actionsMatching(narrow);
  return narrowActions.length > 0 && narrowActions.every((action) => matchesAction(broad, action.action));
}

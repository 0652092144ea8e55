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
import { hasWildcard, isBareStar, isEveryActionPattern, matchesAction } from "../../iam/wildcard.js";
import { defineRule } from "../types.js";
import { writtenPolicies, statementContext } from "./support.js";
import { BoundedCache } from "../../iam/bounded-cache.js";

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

interface Wildcard {
  action: Located<string>;
  position: number;
  lower: string;
}

function serviceOf(action: string): string {
  const colon = action.indexOf(":");
  return colon === -1 ? action : action.slice(0, colon);
}

interface Redundancy {
  action: Located<string>;
  /** The wildcard that covers it; undefined when it is a plain repetition. */
  coveredBy?: string;
}

function findRedundancies(list: readonly Located<string>[], catalogue: Catalogue): Redundancy[] {
  const known = list.filter((action) => !hasUnresolved(action.value));
  // Only a wildcard can cover another entry, and a statement has few of them next to (in AWS's managed
  // policies) thousands of plain actions: compare each entry with the wildcards only.
  // They are indexed by service: `s3:Get*` can only cover `s3:` entries (patterns with a wildcard in the
  // service part, like `*`, are candidates for every entry).
  const wildcardsByService = new Map<string, Wildcard[]>();
  const anyService: Wildcard[] = [];
  known.forEach((action, position) => {
    if (!hasWildcard(action.value)) return;
    const wildcard = { action, position, lower: action.value.toLowerCase() };
    const service = serviceOf(wildcard.lower);
    if (hasWildcard(service)) anyService.push(wildcard);
    else wildcardsByService.set(service, [...(wildcardsByService.get(service) ?? []), wildcard]);
  });
  const redundancies: Redundancy[] = [];
  const seen = new Set<string>();
  for (const [position, action] of known.entries()) {
    const lower = action.value.toLowerCase();
    if (seen.has(lower)) {
      redundancies.push({ action });
      continue;
    }
    seen.add(lower);
    const candidates = [...(wildcardsByService.get(serviceOf(lower)) ?? []), ...anyService];
    const cover = candidates.find(({ action: other, position: otherPosition, lower: otherLower }) => {
      if (otherLower === lower) return false;
      if (!covers(other.value, action.value, catalogue)) return false;
      // Two patterns covering each other (`s3:Get*` and `s3:G*` when they match the same actions): only the
      // later one is redundant.
      return !(hasWildcard(action.value) && covers(action.value, other.value, catalogue) && otherPosition > position);
    });
    if (cover) redundancies.push({ action, coveredBy: cover.action.value });
  }
  return redundancies;
}

// The same pairs of patterns come back in statement after statement; each answer is one walk of the catalogue.
const coverage = new WeakMap<Catalogue, BoundedCache<string, boolean>>();

/** Does pattern `broad` match everything `narrow` matches? */
function covers(broad: string, narrow: string, catalogue: Catalogue): boolean {
  const answers = coverage.get(catalogue) ?? new BoundedCache<string, boolean>(50_000);
  coverage.set(catalogue, answers);
  return answers.get(`${broad.toLowerCase()}\u0000${narrow.toLowerCase()}`, () => computeCovers(broad, narrow, catalogue));
}

function computeCovers(broad: string, narrow: string, catalogue: Catalogue): boolean {
  // A misspelt action is IAM003's finding, not a redundancy.
  if (!hasWildcard(narrow)) return catalogue.isKnownAction(narrow) && matchesAction(broad, narrow);
  if (isBareStar(broad)) return true;
  // Every action is covered only by a pattern of every action (the catalogue does not load every service for `*`).
  if (isBareStar(narrow)) return isEveryActionPattern(broad);
  const narrowActions = catalogue.actionsMatching(narrow);
  return narrowActions.length > 0 && narrowActions.every((action) => matchesAction(broad, action.action));
}

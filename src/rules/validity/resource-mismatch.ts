/**
 * IAM007 resource-mismatch. Every action acts on resources of given types (`s3:GetObject` on objects
 * `arn:…:s3:::bucket/key`, `s3:ListBucket` on buckets `arn:…:s3:::bucket`), and an action that supports no
 * resource-level permissions acts only on `"*"`. A statement none of whose resources can be such a
 * resource for any of its actions matches no request: an Allow grants nothing (the classic
 * `s3:GetObject` on `arn:aws:s3:::bucket` without `/*`), a Deny denies nothing. Decided on the patterns
 * symbolically with the catalogue's ARN formats: can some ARN match both the statement's resource and the
 * action's resource type? `*` matches everything; statements with unknown actions or resources (NotAction,
 * NotResource, unresolved values) are not judged.
 */

import { hasUnresolved } from "../../iac/located.js";
import type { Catalogue } from "../../iam/catalogue.js";
import { splitArnFields } from "../../iam/arn.js";
import type { Statement } from "../../iam/model.js";
import { isBareStar } from "../../iam/wildcard.js";
import { defineRule } from "../types.js";
import { writtenPolicies, listForMessage, statementContext } from "./support.js";

const ARN_FIELD_COUNT = 6;
const POLICY_VARIABLE = /\$\{[^}]*\}/g;

export default defineRule({
  meta: {
    id: "IAM007",
    name: "resource-mismatch",
    severity: "warning",
    summary: "No resource of the statement can be a resource its actions act on, so the statement matches nothing.",
    messages: {
      mismatch:
        "No resource of this statement is a resource that {{actions}} act(s) on ({{expected}}), so the statement {{verb}} nothing.",
    },
  },
  check(context) {
    const { catalogue } = context.model;
    for (const analyzed of writtenPolicies(context.model)) {
      // Lambda permissions take a function *name* as their resource; AWS turns it into the ARN.
      if (analyzed.source.origin === "attributes") continue;
      for (const statement of analyzed.policy.statements) {
        const mismatch = findMismatch(statement, catalogue);
        if (!mismatch) continue;
        const where = statementContext(analyzed, statement);
        const resources = statement.resources ?? [];
        context.report({
          messageId: "mismatch",
          data: {
            actions: listForMessage(mismatch.actions),
            expected: listForMessage(mismatch.expected, 2),
            verb: statement.effect.value === "Deny" ? "denies" : "grants",
          },
          at: resources[0].at,
          resource: where.resource,
          statement: where.statement,
          identity: [where.statementIdentity],
        });
      }
    }
  },
});

interface Mismatch {
  actions: string[];
  /** ARN formats the actions accept. */
  expected: string[];
}

function findMismatch(statement: Statement, catalogue: Catalogue): Mismatch | undefined {
  const { actions, resources } = statement;
  if (!actions || !resources || actions.length === 0 || resources.length === 0) return undefined;
  if (statement.unresolved.Action !== undefined || statement.unresolved.Resource !== undefined) return undefined;
  if (actions.some((action) => hasUnresolved(action.value))) return undefined;
  if (resources.some((resource) => hasUnresolved(resource.value) || isWildcardOnly(resource.value))) return undefined;
  const resourcePatterns = resources.map((resource) => resource.value.replace(POLICY_VARIABLE, "*"));
  // A resource that is not an ARN pattern at all is IAM008's finding; there is nothing to compare here.
  if (resourcePatterns.some((pattern) => !looksLikeArnPattern(pattern))) return undefined;

  // `*` includes actions without resource types, which end the check below: it is never a mismatch (and the
  // catalogue does not load every service for it).
  if (actions.some((action) => isBareStar(action.value))) return undefined;
  const typePatterns = new Map<string, string>(); // pattern → arn format (for the message)
  const known: string[] = [];
  for (const action of actions) {
    const matched = catalogue.actionsMatching(action.value);
    if (matched.length === 0) continue; // unknown actions are IAM003/IAM004's
    known.push(action.value);
    for (const details of matched) {
      // An action without resource types should be granted on "*" only, but AWS's own managed policies
      // scope some of them (`ssmmessages:OpenDataChannel` on sessions): the catalogue may be incomplete
      // there, so such a statement is not judged.
      if (details.resourceTypes.length === 0) return undefined;
      for (const resourceType of details.resourceTypes) {
        // A type without a documented ARN format could be anything.
        if (resourceType.arnPattern === "" || resourceType.arnPattern === "*") return undefined;
        typePatterns.set(resourceType.arnPattern, resourceType.arnFormat);
      }
    }
  }
  if (known.length === 0) return undefined;
  for (const pattern of resourcePatterns) {
    for (const typePattern of typePatterns.keys()) if (arnPatternsOverlap(pattern, typePattern)) return undefined;
  }
  // The shortest formats first: `arn:${Partition}:s3:::${BucketName}/${ObjectName}` before access points.
  const expected = [...new Set(typePatterns.values())].sort((left, right) => left.length - right.length);
  return { actions: known, expected };
}

function isWildcardOnly(text: string): boolean {
  return /^\*+$/.test(text);
}

function looksLikeArnPattern(pattern: string): boolean {
  const fields = splitArnFields(pattern);
  if (fields[0] !== "arn") return false;
  return fields.length === ARN_FIELD_COUNT || fields[fields.length - 1].endsWith("*");
}

/**
 * Can one ARN match both patterns? Field by field as AWS matches ARNs (a `*` in the first five fields does
 * not cross a colon; in the resource field it does). A statement pattern with fewer than six fields whose
 * last field ends in `*` (`arn:aws:logs:*`) matches the rest of the ARN with that field.
 */
export function arnPatternsOverlap(resourcePattern: string, typePattern: string): boolean {
  const resourceFields = splitArnFields(resourcePattern);
  const typeFields = splitArnFields(typePattern);
  if (typeFields.length !== ARN_FIELD_COUNT) return true; // an unusual format: do not guess
  const fixed = resourceFields.length === ARN_FIELD_COUNT ? ARN_FIELD_COUNT : resourceFields.length - 1;
  for (let index = 0; index < fixed; index++) {
    if (!globsOverlap(resourceFields[index], typeFields[index])) return false;
  }
  if (fixed === ARN_FIELD_COUNT) return true;
  return globsOverlap(resourceFields[fixed], typeFields.slice(fixed).join(":"));
}

/**
 * Is there a string that both IAM globs (`*` any run, `?` one character) match? Case-sensitive, as ARNs
 * are. Dynamic programming over the two positions: O(length × length).
 */
export function globsOverlap(left: string, right: string): boolean {
  const memo = new Map<number, boolean>();
  const width = right.length + 1;
  const overlap = (i: number, j: number): boolean => {
    const key = i * width + j;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    let result: boolean;
    if (i === left.length && j === right.length) {
      result = true;
    } else if (i < left.length && left[i] === "*") {
      // The star stands for nothing, or for one more character of whatever the other side produces.
      result = overlap(i + 1, j) || (j < right.length && overlap(i, j + 1));
    } else if (j < right.length && right[j] === "*") {
      result = overlap(i, j + 1) || (i < left.length && overlap(i + 1, j));
    } else if (i < left.length && j < right.length) {
      result = (left[i] === "?" || right[j] === "?" || left[i] === right[j]) && overlap(i + 1, j + 1);
    } else {
      result = false;
    }
    memo.set(key, result);
    return result;
  };
  return overlap(0, 0);
}

// Helpers the validity rules (IAM0xx) share: which documents can be judged at all, and the statement a
// finding is about. Not a rule itself.

import { statementIdentity } from "../../engine/fingerprint.js";
import { statementKey, type AnalyzedPolicy, type ReviewModel } from "../../engine/model.js";
import type { Statement } from "../../iam/model.js";

/**
 * The documents a validity rule may judge: a document that could not be known at all (`policy =
 * var.policy_json`) has nothing to judge, and "unknown is not a violation". (A document that is known only
 * in part is judged on its known part; the normaliser leaves the unknown parts out of the statements.)
 */
export function judgeablePolicies(model: ReviewModel): AnalyzedPolicy[] {
  return model.policies.filter((analyzed) => analyzed.source.document.kind !== "unresolved");
}

/**
 * The documents whose wording the user wrote and can change: judgeable documents except SAM policy
 * templates, whose statements are AWS's (a mistake in them is not the author's, and not fixable here).
 */
export function writtenPolicies(model: ReviewModel): AnalyzedPolicy[] {
  return judgeablePolicies(model).filter((analyzed) => analyzed.source.origin !== "sam-template");
}

/** What every statement-level report carries: the resource, the statement key and the statement's identity. */
export function statementContext(
  analyzed: AnalyzedPolicy,
  statement: Statement,
): { resource: string; statement: string; statementIdentity: string } {
  return {
    resource: analyzed.source.resource,
    statement: statementKey(analyzed, statement.index),
    statementIdentity: statementIdentity(statement),
  };
}

/** Lists a few values for a message: `a`, `b`, `c` and 2 more. */
export function listForMessage(values: readonly string[], limit = 3): string {
  const shown = values.slice(0, limit).map((value) => `\`${value}\``);
  const rest = values.length - shown.length;
  return rest > 0 ? `${shown.join(", ")} and ${rest} more` : shown.join(", ");
}

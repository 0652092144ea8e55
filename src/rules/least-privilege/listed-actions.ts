// IAM107 and IAM108 ask the same question about different lists: does a statement written in the change
// grant one of these actions on every resource it can take? Not a rule itself.

import type { Statement } from "../../iam/model.js";
import type { Position } from "../../iac/types.js";
import { matchesAction } from "../../iam/wildcard.js";
import {
  actionEntryFor,
  isAllow,
  onEveryResource,
  statementGrants,
  type Analysis,
  type GrantAnswer,
  type JudgedDocument,
} from "./analysis.js";

export interface ListedGrant {
  /** The listed actions the statement grants on every resource, in list order. */
  actions: string[];
  /** Where the first of them is written. */
  at: Position;
  answer: GrantAnswer;
}

/** The listed actions that the statement grants, on every resource of each action, through the simulator. */
export function listedGrants(
  analysis: Analysis,
  document: JudgedDocument,
  statement: Statement,
  listed: readonly string[],
  skip: (action: string) => boolean = () => false,
): ListedGrant | undefined {
  if (!isAllow(statement) || !statement.actions) return undefined;
  const actions: string[] = [];
  let at: Position | undefined;
  let answer: GrantAnswer | undefined;
  for (const action of listed) {
    const entry = actionEntryFor(statement, action);
    if (!entry || skip(action) || !onEveryResource(analysis, statement, action)) continue;
    const granted = statementGrants(analysis, document, statement, action);
    if (!granted) continue;
    actions.push(action);
    at ??= entry.at;
    answer ??= granted;
  }
  return at && answer ? { actions, at, answer } : undefined;
}

/** Does any Allow of the document name an action of `service` other than `except`? */
export function grantsOtherActionsOf(document: JudgedDocument, service: string, except: string): boolean {
  const prefix = `${service}:`;
  return document.policy.statements.some(
    (statement) =>
      isAllow(statement) &&
      (statement.actions ?? []).some((item) => item.value.toLowerCase().startsWith(prefix) && !matchesAction(item.value, except)),
  );
}

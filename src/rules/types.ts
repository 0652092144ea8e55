// What a rule is and what it reports. Rules never compute fingerprints, severities or final messages: they
// report a located problem with a message id and data, and the engine does the rest (src/engine/lint.ts).

import type { Position } from "../iac/types.js";
import type { Severity } from "../engine/config.js";
import type { ReviewModel } from "../engine/model.js";

export type { Severity };

export interface Fix {
  /** The exact lines to replace (whole lines: a GitHub suggestion replaces lines). */
  at: Position;
  replacement: string;
}

export interface Finding {
  ruleId: string;
  name: string;
  severity: Severity;
  messageId: string;
  data: Record<string, string | number>;
  message: string;
  at: Position;
  resource?: string;
  /** Stable across unrelated edits and renames: no path, no line (DESIGN.md "Findings and their identity"). */
  fingerprint: string;
  fix?: Fix;
  /** The statement the finding is about (`resource#property#index`), for "one problem, one finding". */
  statement?: string;
  status?: "new" | "unchanged" | "fixed";
  suppressed?: { reason?: string; at: Position };
}

export interface RuleMeta<MessageId extends string> {
  id: string;
  /** kebab-case, as in RULES.md. */
  name: string;
  severity: Severity;
  /** One line for the rules index and SARIF. */
  summary: string;
  /** Message templates; `{{key}}` is replaced with `data.key`. */
  messages: Record<MessageId, string>;
  /** Only rules that say so may carry a fix. */
  fixable?: boolean;
  /** Rules whose finding on the same statement this rule's finding replaces (RULES.md "One problem, one finding"). */
  supersedes?: string[];
  /**
   * Actions, patterns or services whose catalogue entries the rule reads beyond those the scanned documents
   * name (escalation paths, probe actions): the engine loads them before rules run, since rules are synchronous.
   */
  catalogue?: readonly string[];
}

export interface Report<MessageId extends string> {
  messageId: MessageId;
  data?: Record<string, string | number>;
  at: Position;
  resource?: string;
  /**
   * What makes this problem this problem, without positions: the statement's identity, the offending value.
   * It goes into the fingerprint, so it must not contain line numbers or paths.
   */
  identity: string[];
  /** The statement concerned (see `statementKey`), so a more specific rule can replace a less specific one. */
  statement?: string;
  /**
   * This finding's severity when it differs from the rule's default (IAM011: `warning` at 90 % of a quota,
   * `error` above it). A severity configured for the rule still wins.
   */
  severity?: Severity;
  fix?: Fix;
}

export interface RuleContext<MessageId extends string> {
  model: ReviewModel;
  report(problem: Report<MessageId>): void;
}

export interface Rule<MessageId extends string = string> {
  meta: RuleMeta<MessageId>;
  check(context: RuleContext<MessageId>): void;
}

/** Types a rule so that an unknown message id fails to compile. */
export function defineRule<MessageId extends string>(rule: Rule<MessageId>): Rule<MessageId> {
  return rule;
}

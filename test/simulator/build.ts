// A minimal plain-JSON → policy model builder for the simulator tests (the real normaliser, src/iam/normalize.ts,
// is written in parallel). Positions are synthetic: statement N sits on line 10 + N of `<name>.json`.
//
// Test-only extensions: a statement may carry `Unresolved: { Action: "var.actions" }` (an element not known
// statically) and `OnlyIf: ["IsProd"]`; a condition key's value may be `{ unresolved: "var.ips" }`.

import type { PolicyKind, Position } from "../../src/iac/types.js";
import type { ConditionClause, Policy, PrincipalType, PrincipalValue, Statement } from "../../src/iam/model.js";

type OneOrMany<T> = T | T[];
type Scalar = string | number | boolean;

export interface PlainStatement {
  Sid?: string;
  Effect: string;
  Action?: OneOrMany<string>;
  NotAction?: OneOrMany<string>;
  Resource?: OneOrMany<string>;
  NotResource?: OneOrMany<string>;
  Principal?: "*" | Partial<Record<Exclude<PrincipalType, "*">, OneOrMany<string>>>;
  NotPrincipal?: "*" | Partial<Record<Exclude<PrincipalType, "*">, OneOrMany<string>>>;
  Condition?: Record<string, Record<string, OneOrMany<Scalar> | { unresolved: string }>>;
  Unresolved?: Record<string, string>;
  OnlyIf?: string[];
}

export interface PlainPolicy {
  Version?: string;
  Statement: OneOrMany<PlainStatement>;
}

export interface BuildOptions {
  name?: string;
  kind?: PolicyKind;
}

function list<T>(value: OneOrMany<T> | undefined): T[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}

function principals(value: PlainStatement["Principal"], at: Position): PrincipalValue[] | undefined {
  if (value === undefined) return undefined;
  if (value === "*") return [{ type: "*", value: "*", at }];
  const result: PrincipalValue[] = [];
  for (const [type, values] of Object.entries(value)) {
    for (const item of list(values) ?? []) result.push({ type: type as PrincipalType, value: item, at });
  }
  return result;
}

function conditions(value: PlainStatement["Condition"], at: Position): ConditionClause[] {
  const clauses: ConditionClause[] = [];
  for (const [operator, keys] of Object.entries(value ?? {})) {
    for (const [key, values] of Object.entries(keys)) {
      const clause: ConditionClause = { operator, operatorAt: at, key, keyAt: at, values: [] };
      if (values !== null && typeof values === "object" && !Array.isArray(values)) {
        clause.valuesUnresolved = values.unresolved;
      } else {
        clause.values = (list(values) ?? []).map((item) => ({ value: String(item), at }));
      }
      clauses.push(clause);
    }
  }
  return clauses;
}

export function buildPolicy(plain: PlainPolicy, options: BuildOptions = {}): Policy {
  const name = options.name ?? "policy";
  const path = `${name}.json`;
  const statements: Statement[] = (list(plain.Statement) ?? []).map((raw, index) => {
    const at: Position = { path, startLine: 10 + index, endLine: 10 + index };
    const located = (values: OneOrMany<string> | undefined) => list(values)?.map((value) => ({ value, at }));
    const statement: Statement = {
      index,
      effect: { value: raw.Effect, at },
      conditions: conditions(raw.Condition, at),
      unresolved: raw.Unresolved ?? {},
      at,
    };
    if (raw.Sid !== undefined) statement.sid = { value: raw.Sid, at };
    if (raw.Action !== undefined) statement.actions = located(raw.Action);
    if (raw.NotAction !== undefined) statement.notActions = located(raw.NotAction);
    if (raw.Resource !== undefined) statement.resources = located(raw.Resource);
    if (raw.NotResource !== undefined) statement.notResources = located(raw.NotResource);
    if (raw.Principal !== undefined) statement.principals = principals(raw.Principal, at);
    if (raw.NotPrincipal !== undefined) statement.notPrincipals = principals(raw.NotPrincipal, at);
    if (raw.OnlyIf) statement.onlyIf = raw.OnlyIf;
    return statement;
  });
  const policy: Policy = { kind: options.kind ?? "identity", name, statements, at: { path, startLine: 1, endLine: 1 } };
  const version = "Version" in plain ? plain.Version : "2012-10-17";
  if (version !== undefined) policy.version = { value: version, at: policy.at };
  return policy;
}

/** Shorthand: a policy from one or more statements, Version 2012-10-17. */
export function statements(name: string, ...items: PlainStatement[]): Policy {
  return buildPolicy({ Statement: items }, { name });
}

import { hash } from "node:crypto";
import type { Statement } from "../iam/model.js";

/**
 * DESIGN.md "Findings and their identity": rule id, resource, the statement's identity and the message's key
 * data; no path and no line, so an unrelated edit above a finding, or a renamed file, keeps it the same.
 */
export function fingerprint(ruleId: string, resource: string | undefined, identity: string[]): string {
  // One-shot hashing: every finding gets a fingerprint, and a hash object per finding cost more than the hash.
  return hash("sha256", [ruleId, resource ?? "", ...identity].join("\u0000")).slice(0, 32);
}

// Every statement-level rule asks for the identity of every statement it looks at, most of them without
// reporting anything: hash each statement's content once. Keyed weakly, so it goes with the statements.
const identities = new WeakMap<Statement, string>();

/** A statement is known by its Sid; without one, by its normalised content (order-insensitive lists). */
export function statementIdentity(statement: Statement): string {
  if (statement.sid?.value) return `sid:${statement.sid.value}`;
  let identity = identities.get(statement);
  if (identity === undefined) {
    identity = contentIdentity(statement);
    identities.set(statement, identity);
  }
  return identity;
}

function contentIdentity(statement: Statement): string {
  const values = (list: { value: string }[] | undefined) => (list ?? []).map((v) => v.value).sort().join(",");
  const content = [
    statement.effect.value,
    values(statement.actions),
    values(statement.notActions),
    values(statement.resources),
    values(statement.notResources),
    (statement.principals ?? []).map((p) => `${p.type}=${p.value}`).sort().join(","),
    (statement.notPrincipals ?? []).map((p) => `${p.type}=${p.value}`).sort().join(","),
    statement.conditions
      .map((c) => `${c.operator}|${c.key.toLowerCase()}|${c.values.map((v) => v.value).sort().join(",")}`)
      .sort()
      .join(";"),
  ].join("/");
  return `content:${hash("sha256", content).slice(0, 16)}`;
}

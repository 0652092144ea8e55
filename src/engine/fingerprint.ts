import { createHash } from "node:crypto";
import type { Statement } from "../iam/model.js";

/**
 * DESIGN.md "Findings and their identity": rule id, resource, the statement's identity and the message's key
 * data; no path and no line, so an unrelated edit above a finding, or a renamed file, keeps it the same.
 */
export function fingerprint(ruleId: string, resource: string | undefined, identity: string[]): string {
  const hash = createHash("sha256");
  hash.update([ruleId, resource ?? "", ...identity].join("\u0000"));
  return hash.digest("hex").slice(0, 32);
}

/** A statement is known by its Sid; without one, by its normalised content (order-insensitive lists). */
export function statementIdentity(statement: Statement): string {
  if (statement.sid?.value) return `sid:${statement.sid.value}`;
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
  return `content:${createHash("sha256").update(content).digest("hex").slice(0, 16)}`;
}

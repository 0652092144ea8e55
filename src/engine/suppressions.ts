// Suppressions, as DESIGN.md "Suppressions" defines them:
// - Terraform: `# iam-review:ignore IAM102 reason: break-glass role` on the line above a block or attribute;
// - CloudFormation: resource `Metadata: { iam-review: { ignore: [ { id: IAM102, reason: "…" } ] } }`.

import { getEntry, literalString } from "../iac/located.js";
import type { IacResource, LocatedValue, Position } from "../iac/types.js";

export interface Suppression {
  ruleIds: string[];
  reason?: string;
  /** Where the suppression is written. */
  at: Position;
  /** What it covers: a range of lines of one file, or one CloudFormation resource of one file. */
  scope: { path: string; startLine: number; endLine: number } | { path: string; resource: string };
}

const TERRAFORM_IGNORE = /^\s*(?:#|\/\/)\s*iam-review:ignore\s+([A-Za-z0-9_,\s]+?)\s*(?:reason:\s*(.*?))?\s*$/;

/** Reads the `iam-review:ignore` comments of a Terraform file. */
export function terraformSuppressions(path: string, text: string): Suppression[] {
  const lines = text.split("\n");
  const found: Suppression[] = [];
  for (let i = 0; i < lines.length; i++) {
    const match = TERRAFORM_IGNORE.exec(lines[i]);
    if (!match) continue;
    const ruleIds = match[1].split(/[\s,]+/).filter((id) => id !== "");
    const target = nextCodeLine(lines, i + 1);
    const at = { path, startLine: i + 1, endLine: i + 1 };
    const reason = match[2]?.trim() || undefined;
    if (target === undefined) {
      found.push({ ruleIds, reason, at, scope: { path, startLine: i + 1, endLine: i + 1 } });
      continue;
    }
    found.push({ ruleIds, reason, at, scope: { path, startLine: target + 1, endLine: extentEnd(lines, target) + 1 } });
  }
  return found;
}

// Several ignore comments may stand above one block; they all apply to the first line of code after them.
function nextCodeLine(lines: string[], from: number): number | undefined {
  for (let i = from; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "" || line.startsWith("#") || line.startsWith("//")) continue;
    return i;
  }
  return undefined;
}

/**
 * The last line (0-based) of the block or attribute that starts at `start`: brackets are balanced across
 * lines (outside strings and comments), and a heredoc runs to its closing marker.
 */
function extentEnd(lines: string[], start: number): number {
  let depth = 0;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i];
    const heredoc = /<<-?\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(line);
    depth += bracketBalance(heredoc ? line.slice(0, heredoc.index) : line);
    if (heredoc) {
      const end = lines.findIndex((candidate, k) => k > i && candidate.trim() === heredoc[1]);
      if (end === -1) return lines.length - 1;
      i = end;
    }
    if (depth <= 0) return i;
  }
  return lines.length - 1;
}

function bracketBalance(line: string): number {
  let balance = 0;
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "#" || (c === "/" && line[i + 1] === "/")) break;
    else if (c === "{" || c === "[" || c === "(") balance++;
    else if (c === "}" || c === "]" || c === ")") balance--;
  }
  return balance;
}

/** Reads `Metadata.iam-review.ignore` of a CloudFormation resource. */
export function cloudFormationSuppressions(resource: IacResource): Suppression[] {
  const settings = resource.metadata ? getEntry(resource.metadata, "iam-review") : undefined;
  const ignore = settings ? getEntry(settings, "ignore") : undefined;
  if (!ignore) return [];
  const items: LocatedValue[] = ignore.kind === "array" ? ignore.items : [ignore];
  const found: Suppression[] = [];
  for (const item of items) {
    const id = literalString(item.kind === "object" ? getEntry(item, "id") : item);
    if (!id) continue;
    const reason = item.kind === "object" ? literalString(getEntry(item, "reason"))?.trim() : undefined;
    found.push({
      ruleIds: [id],
      reason: reason || undefined,
      at: item.at,
      scope: { path: resource.at.path, resource: resource.address },
    });
  }
  return found;
}

/** True when the suppression covers a finding of `ruleId` at `at` on `resource`. */
export function suppresses(suppression: Suppression, ruleId: string, at: Position, resource?: string): boolean {
  if (!suppression.ruleIds.includes(ruleId)) return false;
  const scope = suppression.scope;
  if (scope.path !== at.path) return false;
  if ("resource" in scope) return resource === scope.resource || resource?.endsWith(`:${scope.resource}`) === true;
  return at.startLine >= scope.startLine && at.startLine <= scope.endLine;
}

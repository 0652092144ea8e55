// Test helpers: run the extractor on inline or fixture templates and walk located trees by path.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { extractCloudFormation } from "../../../src/iac/cloudformation/index.js";
import { getEntry } from "../../../src/iac/located.js";
import type { ExtractResult, LocatedValue, PolicySource } from "../../../src/iac/types.js";

export const FIXTURES = fileURLToPath(new URL("../../fixtures/cloudformation/", import.meta.url));
/** The shared corpus, next to the repository (as in CI). */
export const CORPUS = fileURLToPath(new URL("../../../../shared/corpus/", import.meta.url));

export function fixture(name: string): string {
  return readFileSync(FIXTURES + name, "utf8");
}

export function extract(text: string, path = "template.yaml"): ExtractResult {
  return extractCloudFormation(path, text);
}

/** The 1-based line of the `occurrence`-th line containing `needle` (fails loudly when there is none). */
export function lineOf(text: string, needle: string, occurrence = 1): number {
  const lines = text.split("\n");
  const hits = lines.flatMap((line, index) => (line.includes(needle) ? [index + 1] : []));
  if (hits.length < occurrence) throw new Error(`"${needle}" occurs ${hits.length} times`);
  return hits[occurrence - 1];
}

/** One policy source by resource and property (property may be omitted when the resource has one). */
export function policy(result: ExtractResult, resource: string, property?: string): PolicySource {
  const found = result.policies.filter((p) => p.resource === resource && (property === undefined || p.property === property));
  if (found.length !== 1) {
    const known = result.policies.map((p) => `${p.resource} ${p.property}`).join(", ");
    throw new Error(`${found.length} policies for ${resource} ${property ?? ""}; have: ${known}`);
  }
  return found[0];
}

/** A step into a located tree: an object key, an array index, or `{ option: n }` of a `choice`. */
export type Step = string | number | { option: number };

export function node(value: LocatedValue, ...path: Step[]): LocatedValue {
  let current = value;
  for (const step of path) {
    let next: LocatedValue | undefined;
    if (typeof step === "string") next = getEntry(current, step);
    else if (typeof step === "number") next = current.kind === "array" ? current.items[step] : undefined;
    else next = current.kind === "choice" ? current.options[step.option] : undefined;
    if (!next) throw new Error(`no ${JSON.stringify(step)} in a ${current.kind} at line ${current.at.startLine}`);
    current = next;
  }
  return current;
}

export function lineAt(value: LocatedValue, ...path: Step[]): number {
  return node(value, ...path).at.startLine;
}

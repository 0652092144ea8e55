// Shared helpers for the Terraform extractor tests: run the extractor on inline HCL and navigate the result.
import { expect } from "vitest";
import { toPlain } from "../../../src/iac/located.js";
import { extractTerraformModule } from "../../../src/iac/terraform/index.js";
import type { ExtractResult, LocatedValue, PolicySource, SourceReader } from "../../../src/iac/types.js";

export const NO_FILES: SourceReader = { read: () => undefined };

/** Extracts a module made of one `main.tf` (or several files) in directory `dir`. */
export function extract(
  files: string | Record<string, string>,
  options: { dir?: string; reader?: SourceReader } = {},
): Promise<ExtractResult> {
  const dir = options.dir ?? "";
  const prefix = dir ? `${dir}/` : "";
  const entries = typeof files === "string" ? { "main.tf": files } : files;
  return extractTerraformModule({
    dir,
    files: Object.entries(entries).map(([name, text]) => ({ path: `${prefix}${name}`, text })),
    reader: options.reader ?? NO_FILES,
  });
}

/** The only policy source of `resource` (and `property`, when given). */
export function policyOf(result: ExtractResult, resource: string, property?: string): PolicySource {
  const found = result.policies.filter((p) => p.resource === resource && (property === undefined || p.property === property));
  expect(found.map((p) => `${p.resource} ${p.property}`)).toHaveLength(1);
  return found[0];
}

export function plain(value: LocatedValue): unknown {
  return toPlain(value);
}

/** The node at a path of keys and indices: `node(doc, "Statement", 0, "Action", 1)`. */
export function node(value: LocatedValue, ...path: (string | number)[]): LocatedValue {
  let current = value;
  for (const step of path) {
    if (typeof step === "number") {
      if (current.kind !== "array") throw new Error(`expected an array at ${String(step)}, got ${current.kind}`);
      current = current.items[step];
    } else {
      if (current.kind !== "object") throw new Error(`expected an object at ${step}, got ${current.kind}`);
      const entry = current.entries.find((e) => e.key === step);
      if (!entry) throw new Error(`no key ${step} in ${current.entries.map((e) => e.key).join(", ")}`);
      current = entry.value;
    }
    if (!current) throw new Error(`nothing at ${String(step)}`);
  }
  return current;
}

/** `[line, column]` of a node's start. */
export function lineCol(value: LocatedValue): [number, number | undefined] {
  return [value.at.startLine, value.at.startColumn];
}

/** 1-based line and column of the first occurrence of `needle` (after the `nth` - 1 earlier ones) in `text`. */
export function find(text: string, needle: string, nth = 1): [number, number] {
  let index = -1;
  for (let i = 0; i < nth; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`"${needle}" not found`);
  }
  const before = text.slice(0, index);
  const line = before.split("\n").length;
  return [line, index - before.lastIndexOf("\n")];
}

export function noErrors(result: ExtractResult): void {
  expect(result.errors).toEqual([]);
}

// Helpers for the rules that judge resource settings rather than policy documents (IAM5xx, IAM6xx, IAM7xx):
// reading an attribute of a Terraform block or a CloudFormation `Properties` map as "set to X", "not set" or
// "not known statically", naming values in messages, and building one-line GitHub suggestions. Not a rule.

import { getEntry, hasUnresolved } from "../../iac/located.js";
import type { IacResource, LocatedValue, Position } from "../../iac/types.js";
import type { ReviewModel } from "../../engine/model.js";
import type { Fix } from "../types.js";

/**
 * What a setting is: written with a literal value, not written at all (the default applies), or written
 * with a value that cannot be known statically ("unknown is not a violation": callers stay silent then).
 */
export type Setting<T> =
  | { state: "set"; value: T; at: Position }
  | { state: "absent" }
  | { state: "unknown"; at: Position };

/**
 * The resources of these types whose settings can be read: a CloudFormation resource whose whole
 * `Properties` is an `Fn::If` (or not known statically) has no single set of settings, and "unknown is not a
 * violation" — rules that judge settings skip it.
 */
export function resourcesOfType(model: ReviewModel, ...types: string[]): IacResource[] {
  return model.scan.resources.filter((resource) => types.includes(resource.type) && resource.attributes.kind === "object");
}

/** The header line of a resource: where a finding about the resource as a whole points. */
export function headerLine(resource: IacResource): Position {
  return { path: resource.at.path, startLine: resource.at.startLine, endLine: resource.at.startLine };
}

/** The first instance of a Terraform nested block (`metadata_options { … }`), or a CloudFormation sub-map. */
export function nestedObject(parent: LocatedValue | undefined, key: string): LocatedValue | undefined {
  const value = parent ? getEntry(parent, key) : undefined;
  if (value?.kind === "array") return value.items[0];
  return value;
}

/**
 * Reads a boolean setting. CloudFormation and HCL both accept the strings "true"/"false". A `Fn::If` or
 * conditional whose options agree is that value; options that disagree make it unknown.
 */
export function booleanSetting(value: LocatedValue | undefined): Setting<boolean> {
  return readSetting(value, (literal) => {
    if (literal.kind === "boolean") return literal.value;
    if (literal.kind === "string" && /^(true|false)$/i.test(literal.value)) return literal.value.toLowerCase() === "true";
    return undefined;
  });
}

export function numberSetting(value: LocatedValue | undefined): Setting<number> {
  return readSetting(value, (literal) => {
    if (literal.kind === "number") return literal.value;
    if (literal.kind === "string" && /^\d+$/.test(literal.value.trim())) return Number(literal.value);
    return undefined;
  });
}

/** A string setting; an empty string counts as not set (AWS treats `""` as "no value" for these settings). */
export function stringSetting(value: LocatedValue | undefined): Setting<string> {
  const setting = readSetting(value, (literal) => (literal.kind === "string" && !hasUnresolved(literal.value) ? literal.value : undefined));
  if (setting.state === "set" && setting.value.trim() === "") return { state: "absent" };
  if (setting.state === "unknown" && value?.kind === "string" && value.value.trim() === "") return { state: "absent" };
  return setting;
}

/** Present with any value (known or not) other than null, an empty string or an empty list. */
export function isWritten(value: LocatedValue | undefined): boolean {
  if (!value || value.kind === "null" || value.kind === "absent") return false;
  if (value.kind === "string" && value.value.trim() === "") return false;
  if (value.kind === "array" && value.items.length === 0) return false;
  if (value.kind === "choice") return value.options.some(isWritten);
  return true;
}

function readSetting<T>(value: LocatedValue | undefined, read: (literal: LocatedValue) => T | undefined): Setting<T> {
  if (!value || value.kind === "null" || value.kind === "absent") return { state: "absent" };
  if (value.kind === "choice") {
    const options = value.options.map((option) => readSetting(option, read));
    const first = options[0];
    if (!first) return { state: "unknown", at: value.at };
    const agree = options.every((option) =>
      option.state === first.state && (option.state !== "set" || first.state !== "set" || option.value === first.value),
    );
    if (agree) return first.state === "set" ? { ...first, at: value.at } : first;
    return { state: "unknown", at: value.at };
  }
  const literal = read(value);
  if (literal === undefined) return { state: "unknown", at: value.at };
  return { state: "set", value: literal, at: value.at };
}

/** How a value is shown in a message: the literal text, or the expression it stands for. */
export function describeValue(value: LocatedValue | undefined): string {
  if (!value) return "";
  switch (value.kind) {
    case "string":
      return value.value.replace(/<unresolved:([^>]*)>/g, "${$1}");
    case "number":
      return value.raw;
    case "boolean":
      return String(value.value);
    case "unresolved":
      // `aws_iam_user.deploy.name` reads better as the resource it names.
      return value.expr.replace(/^(aws_\w+\.[\w-]+(?:\[[^\]]*\])?)\.(?:name|id|arn)$/, "$1");
    case "array":
      return value.items.map(describeValue).join(", ");
    default:
      return value.kind;
  }
}

/**
 * A suggestion that rewrites a literal written on one line (`http_tokens = "optional"` → `"required"`,
 * `IsMultiRegionTrail: false` → `true`): the whole line, with only the literal replaced (found case-insensitively: YAML also reads `False`). None when the value
 * spans lines or the literal is not found where the value is written (then a human edits it).
 */
export function replaceLiteralFix(model: ReviewModel, at: Position, literal: string, replacement: string): Fix | undefined {
  if (at.startLine !== at.endLine || at.startColumn === undefined) return undefined;
  const line = model.files.get(at.path)?.split("\n")[at.startLine - 1];
  if (line === undefined) return undefined;
  const start = at.startColumn - 1;
  const end = at.endColumn !== undefined ? at.endColumn - 1 : line.length;
  const written = line.slice(start, end);
  const offset = written.toLowerCase().indexOf(literal.toLowerCase());
  if (offset === -1) return undefined;
  const replaced = line.slice(0, start + offset) + replacement + line.slice(start + offset + literal.length);
  return { at: { path: at.path, startLine: at.startLine, endLine: at.startLine }, replacement: replaced.replace(/\r$/, "") };
}

/** The CloudFormation template or Terraform file a resource is written in is CloudFormation. */
export function isCloudFormation(resource: IacResource): boolean {
  return resource.type.includes("::");
}

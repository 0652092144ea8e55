// What the two YAML readers of CloudFormation templates share (parse.ts: `yaml`'s documents, thorough and
// lenient; yaml-events.ts: js-yaml's event stream, fast): the short-form tags, how scalars keep their text,
// and where the characters of a block scalar sit in the file.

import type { StringSource } from "./parse.js";

/** Intrinsic function short-form tags and their long names. */
export const SHORT_FORMS: Record<string, string> = {
  Ref: "Ref",
  Condition: "Condition",
  Sub: "Fn::Sub",
  GetAtt: "Fn::GetAtt",
  Join: "Fn::Join",
  If: "Fn::If",
  Select: "Fn::Select",
  Split: "Fn::Split",
  ImportValue: "Fn::ImportValue",
  FindInMap: "Fn::FindInMap",
  Base64: "Fn::Base64",
  Cidr: "Fn::Cidr",
  GetAZs: "Fn::GetAZs",
  Equals: "Fn::Equals",
  And: "Fn::And",
  Or: "Fn::Or",
  Not: "Fn::Not",
  Transform: "Fn::Transform",
  ToJsonString: "Fn::ToJsonString",
  Length: "Fn::Length",
  ForEach: "Fn::ForEach",
};

export function shortFormName(tag: string | undefined): string | undefined {
  if (!tag?.startsWith("!") || tag.startsWith("!!")) return undefined;
  return SHORT_FORMS[tag.slice(1)];
}

/**
 * A local tag that is not CloudFormation's (`!Rain::Module`) stays visible as `{"!Rain::Module": value}`:
 * reading the value as if untagged would misread the template (a module's path as its resource type).
 */
export function foreignTag(tag: string | undefined): string | undefined {
  return tag?.startsWith("!") && !tag.startsWith("!!") ? tag : undefined;
}

/** Unquoted numbers keep their text unless written canonically: `012345678901` is an account id. */
export const CANONICAL_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$/;

/** The offset of the last non-whitespace character of a node (block scalars end with newlines). */
export function lastContentOffset(text: string, start: number, end: number): number {
  let last = Math.max(start, end - 1);
  while (last > start && /\s/.test(text[last])) last--;
  return last;
}

/**
 * A `|` block scalar from its header (at `start`) to `end`: the content starts on the line after the
 * header, indented by the explicit indicator or else by its first content line.
 */
export function blockLiteralSource(text: string, start: number, end: number, lineOf: (offset: number) => number): StringSource | undefined {
  const source = text.slice(start, end);
  const headerEnd = source.indexOf("\n");
  if (headerEnd < 0) return undefined;
  const explicit = /^[|>][+-]?([1-9])/.exec(source);
  const line = lineOf(start + headerEnd + 1);
  const indent = explicit ? Number(explicit[1]) + lineIndent(text, start) : firstContentIndent(source.slice(headerEnd + 1));
  return { line, column: indent + 1, layout: "block" };
}

function lineIndent(text: string, offset: number): number {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  return /^ */.exec(text.slice(lineStart, offset))![0].length;
}

function firstContentIndent(content: string): number {
  for (const line of content.split("\n")) {
    if (line.trim() !== "") return /^ */.exec(line)![0].length;
  }
  return 0;
}

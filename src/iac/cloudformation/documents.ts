// A policy property's value → a located policy document. Maps written in the template are resolved in
// place; JSON strings (block scalars, quoted strings, `!Sub |` templates, `Fn::Join`) are parsed with
// positions inside the file; `Fn::If` around a whole value is split into its branches by `branches`.

import { parseLocatedJson } from "../json.js";
import type { LocatedValue, PolicyOrigin, Position } from "../types.js";
import {
  intrinsicArgument,
  intrinsicName,
  NO_VALUE,
  resolveIntrinsics,
  substituteTemplate,
  refTarget,
} from "./intrinsics.js";
import type { StringSource } from "./parse.js";
import { moveValue, relocate } from "./positions.js";

export type DocumentResult =
  | { ok: true; document: LocatedValue; origin: PolicyOrigin }
  | { ok: false; line: number; column: number; message: string };

/** One option of a value that may be wrapped in `Fn::If`, with the property path that leads to it. */
export interface Branch {
  value: LocatedValue;
  path: string;
}

/**
 * The options of a value wrapped in (possibly nested) `Fn::If`; `AWS::NoValue` options are dropped, a plain
 * value is its own single branch. Paths name the option: `Policies.Fn::If[1]` is the "then" value.
 */
export function branches(value: LocatedValue | undefined, path: string): Branch[] {
  if (!value) return [];
  if (refTarget(value) === NO_VALUE) return [];
  if (intrinsicName(value) !== "Fn::If") return [{ value, path }];
  const argument = intrinsicArgument(value);
  if (argument.kind !== "array" || argument.items.length !== 3) return [{ value, path }];
  return [1, 2].flatMap((option) => branches(argument.items[option], `${path}.Fn::If[${option}]`));
}

export class DocumentReader {
  constructor(
    private readonly path: string,
    private readonly strings: WeakMap<LocatedValue, StringSource>,
  ) {}

  read(raw: LocatedValue): DocumentResult {
    if (raw.kind === "string") return this.fromJsonText(raw.value, this.strings.get(raw), raw.at);
    switch (intrinsicName(raw)) {
      case "Fn::ToJsonString":
        return this.read(intrinsicArgument(raw));
      case "Fn::Sub":
        return this.fromSub(raw);
      case "Fn::Join":
        return this.fromJoin(raw);
      default:
        return { ok: true, document: resolveIntrinsics(raw), origin: "cloudformation" };
    }
  }

  /** `!Sub |` with a JSON body: markers are spliced in (JSON-escaped), then the text is parsed. */
  private fromSub(raw: LocatedValue): DocumentResult {
    const argument = intrinsicArgument(raw);
    const template = argument.kind === "array" ? argument.items[0] : argument;
    if (template?.kind !== "string" || !looksLikeJson(template.value)) {
      return { ok: true, document: resolveIntrinsics(raw), origin: "cloudformation" };
    }
    const resolved = resolveIntrinsics(raw, "json");
    const text = resolved.kind === "string" ? resolved.value : substituteTemplate(template.value, () => "");
    // Markers change the length of a line, never the number of lines: lines stay exact, columns drift.
    return this.fromJsonText(text, this.strings.get(template), template.at);
  }

  private fromJoin(raw: LocatedValue): DocumentResult {
    const resolved = resolveIntrinsics(raw, "json");
    if (resolved.kind !== "string" || !looksLikeJson(resolved.value)) {
      return { ok: true, document: resolveIntrinsics(raw), origin: "cloudformation" };
    }
    return this.fromJsonText(resolved.value, undefined, raw.at);
  }

  private fromJsonText(text: string, source: StringSource | undefined, at: Position): DocumentResult {
    const layout = source?.layout ?? "approximate";
    const line = source?.line ?? at.startLine;
    const column = layout === "block" ? 1 : (source?.column ?? at.startColumn ?? 1);
    const parsed = parseLocatedJson(text, { path: this.path, line, column });
    if (!parsed.ok) {
      const exact = layout !== "approximate";
      return {
        ok: false,
        line: exact ? parsed.line : at.startLine,
        column: exact ? parsed.column + (layout === "block" ? (source?.column ?? 1) - 1 : 0) : (at.startColumn ?? 1),
        message: `policy document is not valid JSON: ${parsed.message}`,
      };
    }
    let document = parsed.value;
    if (layout === "block") document = shiftColumns(document, (source?.column ?? 1) - 1);
    if (layout === "approximate") document = relocate(document, at);
    return { ok: true, document, origin: "json-string" };
  }
}

function looksLikeJson(text: string): boolean {
  return /^\s*[{[]/.test(text);
}

/** Block scalar content is indented: every column moves right by the indentation. */
function shiftColumns(value: LocatedValue, delta: number): LocatedValue {
  return moveValue(value, (at) => ({
    ...at,
    ...(at.startColumn !== undefined ? { startColumn: at.startColumn + delta } : {}),
    ...(at.endColumn !== undefined ? { endColumn: at.endColumn + delta } : {}),
  }));
}

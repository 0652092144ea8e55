// CloudFormation intrinsic functions → the located model's own vocabulary: values that cannot be known
// statically become `unresolved` (or `<unresolved:…>` markers inside strings), `Fn::If` becomes a `choice`
// and `AWS::NoValue` becomes `absent`. The input is the long-form tree of parse.ts; positions are kept.

import { unresolvedMarker } from "../located.js";
import type { LocatedEntry, LocatedValue, Position } from "../types.js";

export const NO_VALUE = "AWS::NoValue";

/** The intrinsic function name when the value is one (`{"Fn::Sub": …}`, `{"Ref": …}`). */
export function intrinsicName(value: LocatedValue | undefined): string | undefined {
  if (value?.kind !== "object" || value.entries.length !== 1) return undefined;
  const { key } = value.entries[0];
  return key === "Ref" || key.startsWith("Fn::") ? key : undefined;
}

/** The argument of an intrinsic function value; call only after `intrinsicName`. */
export function intrinsicArgument(value: LocatedValue): LocatedValue {
  return value.kind === "object" ? value.entries[0].value : value;
}

/** The logical id or parameter a `Ref` names (`!Ref Bucket` → `Bucket`). */
export function refTarget(value: LocatedValue | undefined): string | undefined {
  if (!value || intrinsicName(value) !== "Ref") return undefined;
  const argument = intrinsicArgument(value);
  return argument.kind === "string" ? argument.value : undefined;
}

/** The logical id a `Fn::GetAtt` reads from, with the attribute (`!GetAtt Role.Arn` → [Role, Arn]). */
export function getAttTarget(value: LocatedValue | undefined): [string, string] | undefined {
  if (!value || intrinsicName(value) !== "Fn::GetAtt") return undefined;
  const argument = intrinsicArgument(value);
  if (argument.kind === "string") {
    const dot = argument.value.indexOf(".");
    return dot > 0 ? [argument.value.slice(0, dot), argument.value.slice(dot + 1)] : undefined;
  }
  if (argument.kind === "array" && argument.items[0]?.kind === "string") {
    const attribute = argument.items[1];
    return [argument.items[0].value, attribute?.kind === "string" ? attribute.value : renderExpression(attribute)];
  }
  return undefined;
}

/** How an unresolved value is spelled inside a string; JSON documents need it escaped. */
export type MarkerStyle = "plain" | "json";

/**
 * Resolves every intrinsic function in a value, recursively. What holds no intrinsic is returned as it is, not
 * copied: a template's resources and the policy documents read from them then share one tree (a copy of each
 * would double what a scan of many templates holds).
 */
export function resolveIntrinsics(value: LocatedValue, style: MarkerStyle = "plain"): LocatedValue {
  switch (value.kind) {
    case "array": {
      let items: LocatedValue[] | undefined;
      value.items.forEach((item, index) => {
        const resolved = resolveIntrinsics(item, style);
        if (resolved !== item) (items ??= value.items.slice())[index] = resolved;
      });
      return items ? { ...value, items } : value;
    }
    case "object": {
      const name = intrinsicName(value);
      if (name) return resolveFunction(name, value, style);
      let entries: LocatedEntry[] | undefined;
      value.entries.forEach((entry, index) => {
        const resolved = resolveIntrinsics(entry.value, style);
        if (resolved !== entry.value) (entries ??= value.entries.slice())[index] = { ...entry, value: resolved };
      });
      return entries ? { ...value, entries } : value;
    }
    default:
      return value;
  }
}

function resolveFunction(name: string, call: LocatedValue, style: MarkerStyle): LocatedValue {
  const argument = intrinsicArgument(call);
  const at = call.at;
  switch (name) {
    case "Ref":
      if (argument.kind === "string" && argument.value === NO_VALUE) return { kind: "absent", at };
      return unresolved(call);
    case "Fn::Sub":
      return resolveSub(call, argument, style);
    case "Fn::Join":
      return resolveJoin(call, argument, style);
    case "Fn::If":
      return resolveIf(call, argument, style);
    case "Fn::Select":
      return resolveSelect(call, argument, style);
    default:
      return unresolved(call);
  }
}

function unresolved(call: LocatedValue): LocatedValue {
  return { kind: "unresolved", expr: renderExpression(call), at: call.at };
}

/** `Fn::If [condition, then, else]` keeps both options; the normaliser analyses each. */
function resolveIf(call: LocatedValue, argument: LocatedValue, style: MarkerStyle): LocatedValue {
  if (argument.kind !== "array" || argument.items.length !== 3) return unresolved(call);
  const [condition, whenTrue, whenFalse] = argument.items;
  return {
    kind: "choice",
    condition: condition.kind === "string" ? condition.value : renderExpression(condition),
    options: [resolveIntrinsics(whenTrue, style), resolveIntrinsics(whenFalse, style)],
    at: call.at,
  };
}

function resolveSelect(call: LocatedValue, argument: LocatedValue, style: MarkerStyle): LocatedValue {
  if (argument.kind !== "array" || argument.items.length !== 2) return unresolved(call);
  const [indexNode, listNode] = argument.items;
  const index = indexNode.kind === "number" ? indexNode.value : indexNode.kind === "string" ? Number(indexNode.value) : NaN;
  const list = resolveIntrinsics(listNode, style);
  if (list.kind !== "array" || !Number.isInteger(index) || !list.items[index]) return unresolved(call);
  return list.items[index];
}

function resolveJoin(call: LocatedValue, argument: LocatedValue, style: MarkerStyle): LocatedValue {
  if (argument.kind !== "array" || argument.items.length !== 2) return unresolved(call);
  const [delimiter, listNode] = argument.items;
  const list = resolveIntrinsics(listNode, style);
  if (delimiter.kind !== "string" || list.kind !== "array") return unresolved(call);
  const parts = list.items.filter((item) => item.kind !== "absent").map((item) => textOf(item, style));
  return stringOrMarker(parts.join(delimiter.value), call.at);
}

/**
 * `Fn::Sub`: `${Name}` is a parameter or resource (`!Ref Name`), `${Name.Attr}` an attribute
 * (`!GetAtt Name.Attr`), `${!Literal}` is the literal `${Literal}` (how IAM policy variables are written).
 * The list form's variables are substituted by their (resolved) values.
 */
function resolveSub(call: LocatedValue, argument: LocatedValue, style: MarkerStyle): LocatedValue {
  const [template, variables] = argument.kind === "array" ? argument.items : [argument, undefined];
  if (template?.kind !== "string") return unresolved(call);
  if (variables !== undefined && variables.kind !== "object") return unresolved(call);
  const lookup = (name: string): string => {
    const bound = variables?.kind === "object" ? variables.entries.find((entry) => entry.key === name) : undefined;
    if (bound) return textOf(resolveIntrinsics(bound.value, style), style);
    const expr = name.includes(".") ? `!GetAtt ${name}` : `!Ref ${name}`;
    return markerText(expr, style);
  };
  return stringOrMarker(substituteTemplate(template.value, lookup), call.at);
}

/** Expands `${…}` references of a Sub template; `${!x}` stays as the literal `${x}`. */
export function substituteTemplate(template: string, lookup: (name: string) => string): string {
  let out = "";
  let cursor = 0;
  for (;;) {
    const open = template.indexOf("${", cursor);
    const close = open < 0 ? -1 : template.indexOf("}", open + 2);
    if (open < 0 || close < 0) return out + template.slice(cursor);
    out += template.slice(cursor, open);
    const name = template.slice(open + 2, close);
    out += name.startsWith("!") ? `\${${name.slice(1)}}` : lookup(name.trim());
    cursor = close + 1;
  }
}

/** A string made only of one marker is the unresolved value itself. */
function stringOrMarker(text: string, at: Position): LocatedValue {
  const whole = /^<unresolved:([^]*)>$/.exec(text);
  if (whole && !whole[1].includes("<unresolved:")) return { kind: "unresolved", expr: whole[1], at };
  return { kind: "string", value: text, at };
}

/** The text a resolved value contributes when it is spliced into a string. */
function textOf(value: LocatedValue, style: MarkerStyle): string {
  switch (value.kind) {
    case "string":
      return value.value;
    case "number":
      return value.raw;
    case "boolean":
      return String(value.value);
    case "null":
    case "absent":
      return "";
    case "unresolved":
      return markerText(value.expr, style);
    default:
      return markerText(renderExpression(value), style);
  }
}

function markerText(expr: string, style: MarkerStyle): string {
  const marker = unresolvedMarker(expr);
  return style === "json" ? JSON.stringify(marker).slice(1, -1) : marker;
}

const SIMPLE_TEXT = /^[A-Za-z0-9_:./*${}@+=!-]+$/;

/** Readable short-form text of a template value: `!GetAtt Bucket.Arn`, `!FindInMap [Map, !Ref AWS::Region, Key]`. */
export function renderExpression(value: LocatedValue | undefined): string {
  if (!value) return "";
  const name = intrinsicName(value);
  if (name) return renderFunction(name, intrinsicArgument(value));
  switch (value.kind) {
    case "string":
      return SIMPLE_TEXT.test(value.value) ? value.value : `'${value.value.replace(/'/g, "''")}'`;
    case "number":
      return value.raw;
    case "boolean":
      return String(value.value);
    case "null":
      return "null";
    case "array":
      return `[${value.items.map(renderExpression).join(", ")}]`;
    case "object":
      // A foreign tag kept by the parser: `!Rain::Module bucket.yaml`.
      if (value.entries.length === 1 && value.entries[0].key.startsWith("!")) {
        return `${value.entries[0].key} ${renderExpression(value.entries[0].value)}`;
      }
      return `{${value.entries.map((entry) => `${entry.key}: ${renderExpression(entry.value)}`).join(", ")}}`;
    case "unresolved":
      return value.expr;
    case "choice":
      return `!If [${value.condition}, ${value.options.map(renderExpression).join(", ")}]`;
    case "absent":
      return `!Ref ${NO_VALUE}`;
  }
}

function renderFunction(name: string, argument: LocatedValue): string {
  const short = name.startsWith("Fn::") ? name.slice(4) : name;
  if (short === "GetAtt" && argument.kind === "array") {
    return `!GetAtt ${argument.items.map((item) => (item.kind === "string" ? item.value : renderExpression(item))).join(".")}`;
  }
  return `!${short} ${renderExpression(argument)}`;
}

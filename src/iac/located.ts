import type { LocatedValue, Position } from "./types.js";

/** Inputs larger than this are refused before parsing (an error entry, never a crash). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Nesting deeper than this is refused: no real policy or template comes close. */
export const MAX_DEPTH = 256;

const MARKER_START = "<unresolved:";

/** The text that stands for a value that cannot be known statically, in JSON output and to the simulator. */
export function unresolvedMarker(expr: string): string {
  return `${MARKER_START}${expr}>`;
}

export function hasUnresolved(text: string): boolean {
  return text.includes(MARKER_START);
}

/** True when the value, or any part of it, is not known statically. */
export function isUnresolved(value: LocatedValue): boolean {
  switch (value.kind) {
    case "unresolved":
      return true;
    case "string":
      return hasUnresolved(value.value);
    default:
      return false;
  }
}

/**
 * The plain JSON form of a located value, as shown in `scan --format json`: unresolved values become
 * `<unresolved:EXPR>` strings, a `choice` becomes `{"Fn::If": [condition, option...]}`, `absent` becomes
 * `{"Ref": "AWS::NoValue"}`.
 */
export function toPlain(value: LocatedValue): unknown {
  switch (value.kind) {
    case "string":
    case "number":
    case "boolean":
      return value.value;
    case "null":
      return null;
    case "array":
      return value.items.map(toPlain);
    case "object": {
      const out: Record<string, unknown> = {};
      for (const entry of value.entries) out[entry.key] = toPlain(entry.value);
      return out;
    }
    case "unresolved":
      return unresolvedMarker(value.expr);
    case "choice":
      return { "Fn::If": [value.condition, ...value.options.map(toPlain)] };
    case "absent":
      return { Ref: "AWS::NoValue" };
  }
}

/** Builds a located tree from plain JSON, every node at the same position (for generated documents). */
export function fromPlain(plain: unknown, at: Position): LocatedValue {
  if (plain === null || plain === undefined) return { kind: "null", at };
  if (typeof plain === "string") return { kind: "string", value: plain, at };
  if (typeof plain === "number") return { kind: "number", value: plain, raw: String(plain), at };
  if (typeof plain === "boolean") return { kind: "boolean", value: plain, at };
  if (Array.isArray(plain)) return { kind: "array", items: plain.map((item) => fromPlain(item, at)), at };
  if (typeof plain === "object") {
    return {
      kind: "object",
      entries: Object.entries(plain).map(([key, value]) => ({ key, keyAt: at, value: fromPlain(value, at) })),
      at,
    };
  }
  return { kind: "string", value: String(plain), at };
}

/** The entry of an object by key; `caseInsensitive` for IAM element names, which AWS reads case-sensitively
 * but which users misspell — callers decide. */
export function getEntry(
  value: LocatedValue,
  key: string,
  caseInsensitive = false,
): LocatedValue | undefined {
  if (value.kind !== "object") return undefined;
  const wanted = caseInsensitive ? key.toLowerCase() : key;
  for (const entry of value.entries) {
    if ((caseInsensitive ? entry.key.toLowerCase() : entry.key) === wanted) return entry.value;
  }
  return undefined;
}

/** The literal string of a value, when it is a string without unresolved parts. */
export function literalString(value: LocatedValue | undefined): string | undefined {
  if (value?.kind === "string" && !hasUnresolved(value.value)) return value.value;
  return undefined;
}

export function position(
  path: string,
  startLine: number,
  endLine = startLine,
  startColumn?: number,
  endColumn?: number,
): Position {
  // One literal per shape: properties added after creation would live in a separate array, and a scan holds
  // a position for every value it read (~40 bytes more each, several MB on a large repository).
  if (startColumn === undefined) return endColumn === undefined ? { path, startLine, endLine } : { path, startLine, endLine, endColumn };
  if (endColumn === undefined) return { path, startLine, endLine, startColumn };
  return { path, startLine, endLine, startColumn, endColumn };
}

import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from "jsonc-parser";
import { sizeError } from "./decode.js";
import { readJsonFast } from "./json-fast.js";
import { MAX_DEPTH, position } from "./located.js";
import type { IacError, LocatedValue, Position } from "./types.js";

/** Maps character offsets of a text to 1-based lines and columns. */
export class LineMap {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  /** 1-based line and column of an offset. */
  locate(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}

/** Where a JSON text sits inside its file, for JSON embedded in a heredoc or a string. */
export interface EmbeddedAt {
  path: string;
  /** 1-based line of the text's first character in the file. */
  line: number;
  /** 1-based column of the text's first character in the file. */
  column: number;
}

export type LocatedJsonResult =
  | { ok: true; value: LocatedValue }
  | { ok: false; line: number; column: number; message: string };

/**
 * The deepest bracket nesting of a JSON-like text, counted without recursion so that hostile input cannot
 * exhaust the stack before we refuse it. Brackets inside strings do not count.
 */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/**
 * Parses strict JSON into a located tree. `embedded` places the text inside a larger file (a heredoc, a
 * YAML block scalar); positions are then file positions. Never throws.
 */
export function parseLocatedJson(text: string, embedded: EmbeddedAt): LocatedJsonResult {
  // The fast reader bounds its own nesting; jsonc-parser recurses, so the text is checked before it runs.
  const fast = readJsonFast(text, embedded);
  if (fast) return { ok: true, value: fast };
  const depth = jsonNestingDepth(text);
  if (depth > MAX_DEPTH) {
    const start = fileLocator(text, embedded)(0);
    return {
      ok: false,
      ...start,
      message: `JSON nested ${depth} levels deep (more than ${MAX_DEPTH}): refused`,
    };
  }
  return parseWithJsonc(text, embedded);
}

/**
 * jsonc-parser's reading of a JSON text whose nesting was checked: the messages for every syntax error, and
 * whatever the fast reader (json-fast.ts) leaves to it.
 */
export function parseWithJsonc(text: string, embedded: EmbeddedAt): LocatedJsonResult {
  const toFile = fileLocator(text, embedded);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length > 0 || !root) {
    const first = errors[0];
    const at = toFile(first ? first.offset : 0);
    const message = first ? `invalid JSON: ${describeJsonError(printParseErrorCode(first.error))}` : "empty JSON document";
    return { ok: false, ...at, message };
  }
  const positionOf = (node: JsonNode): Position => {
    const start = toFile(node.offset);
    const end = toFile(node.offset + Math.max(node.length - 1, 0));
    return position(embedded.path, start.line, end.line, start.column, end.column + 1);
  };
  return { ok: true, value: convert(root, positionOf) };
}

/** Offsets of the text to file lines and columns (the text may sit inside a larger file). */
function fileLocator(text: string, embedded: EmbeddedAt): (offset: number) => { line: number; column: number } {
  const lines = new LineMap(text);
  return (offset) => {
    const { line, column } = lines.locate(offset);
    return { line: embedded.line + line - 1, column: line === 1 ? embedded.column + column - 1 : column };
  };
}

function describeJsonError(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: "unexpected character",
    InvalidNumberFormat: "invalid number",
    PropertyNameExpected: "property name expected",
    ValueExpected: "value expected",
    ColonExpected: "':' expected",
    CommaExpected: "',' expected",
    CloseBraceExpected: "'}' expected",
    CloseBracketExpected: "']' expected",
    EndOfFileExpected: "unexpected content after the document",
    InvalidCommentToken: "comments are not allowed in JSON",
    UnexpectedEndOfComment: "unterminated comment",
    UnexpectedEndOfString: "unterminated string",
    UnexpectedEndOfNumber: "unterminated number",
    InvalidUnicode: "invalid unicode escape",
    InvalidEscapeCharacter: "invalid escape character",
    InvalidCharacter: "invalid character in string",
  };
  return words[code] ?? code;
}

function convert(node: JsonNode, positionOf: (node: JsonNode) => Position): LocatedValue {
  const at = positionOf(node);
  switch (node.type) {
    case "object":
      return {
        kind: "object",
        at,
        entries: (node.children ?? []).map((property) => {
          const [keyNode, valueNode] = property.children ?? [];
          return {
            key: String(keyNode?.value ?? ""),
            keyAt: positionOf(keyNode ?? property),
            value: valueNode ? convert(valueNode, positionOf) : { kind: "null", at: positionOf(property) },
          };
        }),
      };
    case "array":
      return { kind: "array", at, items: (node.children ?? []).map((child) => convert(child, positionOf)) };
    case "string":
      return { kind: "string", value: String(node.value), at };
    case "number":
      return { kind: "number", value: Number(node.value), raw: String(node.value), at };
    case "boolean":
      return { kind: "boolean", value: Boolean(node.value), at };
    default:
      return { kind: "null", at };
  }
}

/**
 * A whole JSON file (a policy file, a plan): refused when over the size limit — callers decode files with that
 * check already, text from elsewhere gets it here, before parsing — then parsed with file positions.
 */
export function parseJsonFile(
  path: string,
  text: string,
): { ok: true; value: LocatedValue } | { ok: false; error: IacError; /** Refused for its size, not parsed. */ tooLarge: boolean } {
  const tooLarge = sizeError(path, Buffer.byteLength(text));
  if (tooLarge) return { ok: false, error: tooLarge, tooLarge: true };
  const parsed = parseLocatedJson(text, { path, line: 1, column: 1 });
  if (!parsed.ok) return { ok: false, error: { path, line: parsed.line, column: parsed.column, message: parsed.message }, tooLarge: false };
  return parsed;
}

// HCL templates (quoted strings, heredocs, templatefile() files) as text with a map back to the source, so
// that JSON written inside them keeps exact file positions even where interpolations were substituted.
import { parseLocatedJson } from "../json.js";
import { MAX_DEPTH, hasUnresolved, position, unresolvedMarker } from "../located.js";
import type { LocatedValue, Position } from "../types.js";
import type { SyntaxNode } from "./parser.js";
import { significantChildren, type SourceFile } from "./syntax.js";

/** `quoted` strings decode backslash escapes; heredocs and template files only `$${` and `%%{`. */
export type EscapeMode = "quoted" | "heredoc";

/** A `${...}` or `%{...}` inside a template, with what it evaluates to when known. */
export interface Hole {
  start: number;
  end: number;
  /** The expression (or directive) text, for the `<unresolved:EXPR>` marker. */
  expr: string;
  /** The text it renders to, when known (it may itself contain markers). */
  text?: string;
}

export type TemplatePart = { kind: "literal"; start: number; end: number } | { kind: "hole"; hole: Hole };

/** A template's content, as literal source ranges and holes, ready to be rendered. */
export interface TemplateContent {
  source: string;
  /** The source range of the whole content (an empty template still has a place). */
  start: number;
  end: number;
  parts: TemplatePart[];
  escapes: EscapeMode;
}

/** Text built from a template, with the source range of every character (so positions map back exactly). */
export class MappedText {
  private readonly chars: string[] = [];
  /** Source offset where the text's character i starts, and where it ends (exclusive). */
  readonly starts: number[] = [];
  readonly ends: number[] = [];

  /** Adds text that stands for the source range [from, to): a character, an escape, or a substituted hole. */
  push(text: string, from: number, to = from + text.length): void {
    const exact = to - from === text.length;
    for (let i = 0; i < text.length; i++) {
      this.chars.push(text[i]);
      this.starts.push(exact ? from + i : from);
      this.ends.push(exact ? from + i + 1 : to);
    }
  }

  /** Marks the end of the text (where an error "at the end" is reported). */
  close(at: number): void {
    this.starts.push(at);
    this.ends.push(at);
  }

  get text(): string {
    return this.chars.join("");
  }
}

// ------------------------------------------------------------------------------------- template parts

/** The parts of a quoted template or heredoc node; `holeOf` evaluates each interpolation or directive. */
export function templateContent(
  file: SourceFile,
  node: SyntaxNode,
  holeOf: (node: SyntaxNode) => Hole,
): TemplateContent | undefined {
  const range = contentRange(file.text, node);
  if (!range) return undefined;
  const parts: TemplatePart[] = [];
  let cursor = range.start;
  for (const child of significantChildren(node)) {
    if (child.type !== "template_interpolation" && child.type !== "template_directive") continue;
    if (child.startIndex > cursor) parts.push({ kind: "literal", start: cursor, end: child.startIndex });
    parts.push({ kind: "hole", hole: holeOf(child) });
    cursor = child.endIndex;
  }
  if (range.end > cursor) parts.push({ kind: "literal", start: cursor, end: range.end });
  return { source: file.text, ...range, parts, escapes: node.type === "heredoc_template" ? "heredoc" : "quoted" };
}

/** Where the text of a template sits in the file: between the quotes, or between the heredoc marker lines. */
function contentRange(text: string, node: SyntaxNode): { start: number; end: number } | undefined {
  if (node.type === "heredoc_template") {
    const markers = node.namedChildren.filter((child) => child.type === "heredoc_identifier");
    const open = markers[0];
    const close = markers[1];
    if (!open || !close || close.isMissing) return undefined;
    const lineEnd = text.indexOf("\n", open.endIndex);
    const start = lineEnd < 0 ? open.endIndex : lineEnd + 1;
    const end = text.lastIndexOf("\n", close.startIndex - 1) + 1;
    return { start, end: Math.max(start, end) };
  }
  const start = node.startIndex + 1;
  const end = node.endIndex - 1;
  return end >= start ? { start, end } : undefined;
}

/** The holes of a template file read by templatefile(); `%{` directives and `${` interpolations. */
export function scanTemplateHoles(text: string): { start: number; end: number; inner: string; directive: boolean }[] {
  const holes: { start: number; end: number; inner: string; directive: boolean }[] = [];
  let i = 0;
  while (i < text.length - 1) {
    const pair = text.slice(i, i + 2);
    if ((pair === "$$" || pair === "%%") && text[i + 2] === "{") {
      i += 3; // an escape: literal `${` / `%{`
      continue;
    }
    if (pair === "${" || pair === "%{") {
      const end = matchingBrace(text, i + 1);
      if (end < 0) break;
      const inner = text.slice(i + 2, end).replace(/^~/, "").replace(/~$/, "").trim();
      holes.push({ start: i, end: end + 1, inner, directive: pair === "%{" });
      i = end + 1;
      continue;
    }
    i++;
  }
  return holes;
}

/** The index of the `}` that closes the `{` at `open`, skipping quoted strings; -1 when there is none. */
function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "{") depth++;
    else if (c === "}") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

// ------------------------------------------------------------------------------------------ decoding

/** Decodes the escapes of a literal source range into `out`, keeping each character's source offset. */
function pushLiteral(out: MappedText, source: string, start: number, end: number, escapes: EscapeMode, onChar?: (c: string) => void): void {
  let i = start;
  const emit = (text: string, from: number, to: number) => {
    out.push(text, from, to);
    if (onChar) for (const c of text) onChar(c);
  };
  while (i < end) {
    const c = source[i];
    if ((c === "$" || c === "%") && source[i + 1] === c && source[i + 2] === "{") {
      emit(`${c}{`, i + 1, i + 3);
      i += 3;
    } else if (c === "\\" && escapes === "quoted" && i + 1 < end) {
      const decoded = decodeBackslash(source, i);
      emit(decoded.text, i, i + decoded.length);
      i += decoded.length;
    } else {
      emit(c, i, i + 1);
      i++;
    }
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };

function decodeBackslash(source: string, at: number): { text: string; length: number } {
  const next = source[at + 1];
  if (next in SIMPLE_ESCAPES) return { text: SIMPLE_ESCAPES[next], length: 2 };
  const hexLength = next === "u" ? 4 : next === "U" ? 8 : 0;
  if (hexLength > 0) {
    const hex = source.slice(at + 2, at + 2 + hexLength);
    if (/^[0-9a-fA-F]+$/.test(hex) && hex.length === hexLength) {
      const code = parseInt(hex, 16);
      if (code <= 0x10ffff) return { text: String.fromCodePoint(code), length: 2 + hexLength };
    }
  }
  return { text: "\\", length: 1 };
}

// ---------------------------------------------------------------------------------------- rendering

/** The template as a plain string: holes become their text or `<unresolved:EXPR>`. */
export function renderString(content: TemplateContent): string {
  const out = new MappedText();
  for (const part of content.parts) {
    if (part.kind === "literal") pushLiteral(out, content.source, part.start, part.end, content.escapes);
    else out.push(part.hole.text ?? unresolvedMarker(part.hole.expr), part.hole.start, part.hole.end);
  }
  return out.text;
}

/** Removes the common leading indentation of a `<<-` heredoc's lines, as Terraform does. */
export function stripIndentation(text: string): string {
  const lines = text.split("\n");
  const indents = lines.filter((line) => line.trim() !== "").map((line) => /^[ \t]*/.exec(line)?.[0].length ?? 0);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(Math.min(common, /^[ \t]*/.exec(line)?.[0].length ?? 0))).join("\n");
}

const PLACEHOLDER = /^\uE000(\d+)\uE001$/;

export type EmbeddedJsonResult =
  | { ok: true; value: LocatedValue }
  | { ok: false; line: number; column: number; message: string };

/**
 * Parses the JSON that a template renders to, with positions in `file`. A hole inside a JSON string becomes a
 * `<unresolved:EXPR>` marker in that string; a hole between JSON tokens (`"Resource": ${jsonencode(var.x)}`)
 * becomes a placeholder string that is turned into an `unresolved` value, so the rest of the document still
 * parses and keeps its positions.
 */
export function parseTemplateJson(content: TemplateContent, file: SourceFile): EmbeddedJsonResult {
  const holes: Hole[] = [];
  const out = new MappedText();
  const json = new JsonStringState();
  for (const part of content.parts) {
    if (part.kind === "literal") {
      pushLiteral(out, content.source, part.start, part.end, content.escapes, (c) => json.advance(c));
    } else if (json.inString) {
      const text = part.hole.text ?? unresolvedMarker(part.hole.expr);
      out.push(JSON.stringify(text).slice(1, -1), part.hole.start, part.hole.end);
    } else if (part.hole.text !== undefined && !hasUnresolved(part.hole.text)) {
      // Terraform pastes the rendered text as is (typically `${jsonencode(...)}` of a known value).
      out.push(part.hole.text, part.hole.start, part.hole.end);
      for (const c of part.hole.text) json.advance(c);
    } else {
      out.push(`"\uE000${holes.length}\uE001"`, part.hole.start, part.hole.end);
      holes.push(part.hole);
    }
  }
  out.close(content.end);
  return parseMappedJson(out, file, holes);
}

/** Parses plain JSON text that is the whole of `file` (file() targets). */
export function parseFileJson(file: SourceFile): EmbeddedJsonResult {
  return parseLocatedJson(file.text, { path: file.path, line: 1, column: 1 });
}

/** Whether the next character of JSON text is inside a string. */
class JsonStringState {
  inString = false;
  private escaped = false;

  advance(c: string): void {
    if (!this.inString) {
      if (c === '"') this.inString = true;
    } else if (this.escaped) this.escaped = false;
    else if (c === "\\") this.escaped = true;
    else if (c === '"') this.inString = false;
  }
}

function parseMappedJson(out: MappedText, file: SourceFile, holes: Hole[]): EmbeddedJsonResult {
  const text = out.text;
  const parsed = parseLocatedJson(text, { path: file.path, line: 1, column: 1 });
  const textLines = lineStarts(text);
  const textOffset = (line: number, column: number) => Math.min(textLines[line - 1] + column - 1, out.starts.length - 1);
  if (!parsed.ok) {
    const at = file.lines.locate(out.starts[textOffset(parsed.line, parsed.column)]);
    const message = text.trim() === "" ? "the document is empty" : describeTrailingComma(text, textLines, parsed) ?? parsed.message;
    return { ok: false, line: at.line, column: at.column, message };
  }
  const remap = (at: Position): Position => {
    const start = file.lines.locate(out.starts[textOffset(at.startLine, at.startColumn ?? 1)]);
    const last = file.lines.locate(out.ends[textOffset(at.endLine, Math.max((at.endColumn ?? 2) - 1, 1))] - 1);
    return position(file.path, start.line, last.line, start.column, last.column + 1);
  };
  return { ok: true, value: relocate(parsed.value, remap, holes, 0) };
}

/** JSON written by hand often has a trailing comma: say so, at the comma, rather than "value expected" after it. */
function describeTrailingComma(text: string, starts: number[], error: { line: number; column: number }): string | undefined {
  const offset = starts[error.line - 1] + error.column - 1;
  if (text[offset] !== "]" && text[offset] !== "}") return undefined;
  let before = offset - 1;
  while (before >= 0 && /\s/.test(text[before])) before--;
  return text[before] === "," ? `invalid JSON: trailing comma before '${text[offset]}'` : undefined;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** Moves every position from the rendered text to the file, and turns placeholders back into unresolved values. */
function relocate(value: LocatedValue, remap: (at: Position) => Position, holes: Hole[], depth: number): LocatedValue {
  const at = remap(value.at);
  if (depth > MAX_DEPTH) return { kind: "unresolved", expr: "…", at };
  switch (value.kind) {
    case "string": {
      const hole = placeholderHole(value.value, holes);
      return hole ? { kind: "unresolved", expr: hole.expr, at } : { ...value, at };
    }
    case "array":
      return { kind: "array", items: value.items.map((item) => relocate(item, remap, holes, depth + 1)), at };
    case "object":
      return {
        kind: "object",
        at,
        entries: value.entries.map((entry) => {
          const hole = placeholderHole(entry.key, holes);
          return {
            key: hole ? unresolvedMarker(hole.expr) : entry.key,
            keyAt: remap(entry.keyAt),
            value: relocate(entry.value, remap, holes, depth + 1),
          };
        }),
      };
    default:
      return { ...value, at };
  }
}

function placeholderHole(text: string, holes: Hole[]): Hole | undefined {
  const match = PLACEHOLDER.exec(text);
  return match ? holes[Number(match[1])] : undefined;
}

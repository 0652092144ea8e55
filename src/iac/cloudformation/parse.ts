// CloudFormation template text (YAML or JSON) → a located tree. Short-form tags (`!Sub x`) become the
// long form (`{"Fn::Sub": x}`), so YAML and JSON templates give the same tree and one resolver serves both.
// Three readers: JSON templates go to the positioned JSON parser, YAML to the fast event reader
// (yaml-events.ts), and what that one leaves to `yaml`'s documents here. Hostile input is refused before it
// can cost anything: size and nesting depth are checked on the text; js-yaml stops at MAX_DEPTH and never
// expands aliases; here aliases and depth are checked on the iterative CST before the composer and walker run.

import {
  Composer,
  isNode,
  isAlias,
  isPair,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  Parser,
  Scalar,
  type Document,
  type Node as YamlNode,
  type ScalarTag,
  type CollectionTag,
  type CST,
} from "yaml";
import { jsonNestingDepth, parseLocatedJson } from "../json.js";
import { MAX_DEPTH, MAX_FILE_BYTES, position } from "../located.js";
import type { IacError, LocatedEntry, LocatedValue, Position } from "../types.js";
import { readYamlEvents } from "./yaml-events.js";
import { blockLiteralSource, CANONICAL_NUMBER, foreignTag, lastContentOffset, SHORT_FORMS, shortFormName } from "./yaml-common.js";

/** Where the characters of a string value sit in the file, so JSON inside it can be positioned exactly. */
export interface StringSource {
  /** 1-based file line and column of the value's first character. */
  line: number;
  column: number;
  /**
   * `exact`: the value is the source text verbatim (plain or quoted without escapes).
   * `block`: a literal block scalar; value line k is file line `line + k`, at column `column` + its column.
   * `approximate`: escapes or folding changed the text; every position falls back to the string's start.
   */
  layout: "exact" | "block" | "approximate";
}

export interface ParsedTemplate {
  root?: LocatedValue;
  /** For string nodes of the tree: how their text maps back to the file. */
  strings: WeakMap<LocatedValue, StringSource>;
  errors: IacError[];
}

/**
 * The tag definitions: scalar, sequence and mapping forms of every short form. They keep the node as the
 * library built it (positions intact); the walker below turns the tag into the long form.
 */
function cloudFormationTags(): (ScalarTag | CollectionTag)[] {
  return Object.keys(SHORT_FORMS).flatMap((name): (ScalarTag | CollectionTag)[] => [
    { tag: `!${name}`, resolve: (text: string) => text },
    { tag: `!${name}`, collection: "seq", resolve: (node) => node },
    { tag: `!${name}`, collection: "map", resolve: (node) => node },
  ]);
}

const TAGS = cloudFormationTags();

export function parseTemplate(path: string, text: string): ParsedTemplate {
  const strings = new WeakMap<LocatedValue, StringSource>();
  const tooLarge = sizeRefusal(path, text);
  if (tooLarge) return { strings, errors: [tooLarge] };

  // The fast readers bound nesting themselves (they decline past MAX_DEPTH); `yaml` recurses, so the text's
  // nesting is checked before it runs. JSON templates take a parser built for JSON: about ten times faster
  // than YAML's, same located tree.
  if (/^\s*\{/.test(text)) {
    const json = parseJsonTemplate(path, text, strings);
    if (json) return json;
  } else {
    const root = readYamlEvents(path, text, strings);
    if (root) return { root, strings, errors: [] };
  }
  const tooDeep = depthRefusal(path, text);
  if (tooDeep) return { strings, errors: [tooDeep] };
  return readYamlThoroughly(path, text, strings);
}

/**
 * The thorough YAML reader: `yaml`'s documents, with its messages for every syntax error and its leniency
 * (it accepts some indentation that js-yaml refuses). It reads what the fast reader leaves to it.
 */
export function readYamlThoroughly(path: string, text: string, strings: WeakMap<LocatedValue, StringSource>): ParsedTemplate {
  const lineCounter = new LineCounter();
  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
  const cstProblem = checkTokens(path, tokens, lineCounter);
  if (cstProblem) return { strings, errors: [cstProblem] };

  const documents = composeDocuments(tokens);
  const errors: IacError[] = [];
  const doc = documents[0];
  if (!doc) return { strings, errors };
  for (const error of doc.errors) errors.push(yamlError(path, error.message, error.pos[0], lineCounter));
  if (documents.length > 1) {
    const start = documents[1].range[0];
    errors.push(yamlError(path, "more than one YAML document: only the first is read", start, lineCounter));
  }
  if (doc.errors.length > 0) return { strings, errors };

  const walker = new TreeBuilder(path, text, lineCounter, strings);
  try {
    const root = doc.contents ? walker.build(doc.contents, 0) : undefined;
    return { root, strings, errors };
  } catch (error) {
    if (error instanceof RefusedInput) return { strings, errors: [error.toIacError()] };
    throw error;
  }
}

/**
 * A template written in JSON, read with the positioned JSON parser. Undefined when the text is not strict JSON
 * (a YAML flow mapping also starts with `{`): the YAML parser then reads it and reports what is wrong.
 * Duplicate keys, which YAML refuses, are refused here too (JSON.parse would silently keep the last one).
 */
function parseJsonTemplate(path: string, text: string, strings: WeakMap<LocatedValue, StringSource>): ParsedTemplate | undefined {
  const parsed = parseLocatedJson(text, { path, line: 1, column: 1 });
  if (!parsed.ok) return undefined;
  const errors: IacError[] = [];
  const pending: LocatedValue[] = [parsed.value];
  while (pending.length > 0) {
    const value = pending.pop()!;
    if (value.kind === "string") {
      const at = value.at;
      // The node spans the quotes; without escapes the text between them is the value, character for character.
      const exact = at.startLine === at.endLine && at.endColumn !== undefined && at.startColumn !== undefined && at.endColumn - at.startColumn - 2 === value.value.length;
      strings.set(value, { line: at.startLine, column: (at.startColumn ?? 0) + 1, layout: exact ? "exact" : "approximate" });
    } else if (value.kind === "array") pending.push(...value.items);
    else if (value.kind === "object") {
      const seen = new Set<string>();
      for (const entry of value.entries) {
        if (seen.has(entry.key)) {
          errors.push({ path, line: entry.keyAt.startLine, column: entry.keyAt.startColumn, message: `duplicate key "${entry.key}": CloudFormation refuses the template` });
        }
        seen.add(entry.key);
        pending.push(entry.value);
      }
    }
  }
  if (errors.length > 0) return { strings, errors: errors.sort((a, b) => a.line - b.line) };
  return { root: parsed.value, strings, errors };
}

function composeDocuments(tokens: CST.Token[]): Document.Parsed[] {
  const composer = new Composer({ customTags: TAGS, uniqueKeys: true, version: "1.2" });
  return [...composer.compose(tokens), ...composer.end()];
}

function sizeRefusal(path: string, text: string): IacError | undefined {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_FILE_BYTES) {
    return { path, line: 1, message: `file is ${bytes} bytes, more than ${MAX_FILE_BYTES}: not parsed` };
  }
  return undefined;
}

/** Bracket nesting, checked on the raw text (cheap, linear, no recursion). */
function depthRefusal(path: string, text: string): IacError | undefined {
  const depth = jsonNestingDepth(text);
  if (depth > MAX_DEPTH) {
    return { path, line: 1, message: `nested ${depth} levels deep (more than ${MAX_DEPTH}): refused` };
  }
  return undefined;
}

/**
 * Walks the concrete syntax tree iteratively: rejects aliases (CloudFormation forbids them, and an alias
 * bomb must cost nothing) and nesting deeper than MAX_DEPTH (block sequences like `- - - -` nest
 * without brackets).
 */
function checkTokens(path: string, tokens: CST.Token[], lineCounter: LineCounter): IacError | undefined {
  // Children are pushed in reverse so that the first problem in document order is the one reported.
  const stack: { token: CST.Token; depth: number }[] = tokens.map((token) => ({ token, depth: 0 })).reverse();
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (depth > MAX_DEPTH) {
      return yamlError(path, `nested more than ${MAX_DEPTH} levels deep: refused`, token.offset, lineCounter);
    }
    switch (token.type) {
      case "alias":
        return yamlError(path, "YAML aliases are not allowed in CloudFormation templates", token.offset, lineCounter);
      case "document":
        if (token.value) stack.push({ token: token.value, depth });
        break;
      case "block-map":
      case "block-seq":
      case "flow-collection":
        for (const item of [...token.items].reverse()) {
          if (item.value) stack.push({ token: item.value, depth: depth + 1 });
          if ("key" in item && item.key) stack.push({ token: item.key, depth: depth + 1 });
        }
        break;
      default:
        break;
    }
  }
  return undefined;
}

function yamlError(path: string, message: string, offset: number, lineCounter: LineCounter): IacError {
  const { line, col } = lineCounter.linePos(offset);
  // The library appends a multi-line excerpt; the first line carries the message.
  const firstLine = message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
  return { path, line, column: col, message: `YAML: ${firstLine}` };
}

class RefusedInput extends Error {
  constructor(
    readonly at: Position,
    message: string,
  ) {
    super(message);
  }

  toIacError(): IacError {
    return { path: this.at.path, line: this.at.startLine, column: this.at.startColumn, message: this.message };
  }
}

/** Turns the composed YAML nodes into LocatedValues; recursion is bounded by the CST depth check. */
class TreeBuilder {
  constructor(
    private readonly path: string,
    private readonly text: string,
    private readonly lines: LineCounter,
    private readonly strings: WeakMap<LocatedValue, StringSource>,
  ) {}

  build(node: YamlNode, depth: number): LocatedValue {
    const at = this.positionOf(node.range, contentEnd(node));
    if (depth > MAX_DEPTH) throw new RefusedInput(at, `nested more than ${MAX_DEPTH} levels deep: refused`);
    const value = this.buildUntagged(node, depth, at);
    const tagName = shortFormName(node.tag) ?? foreignTag(node.tag);
    if (!tagName) return value;
    const tagAt = this.tagPosition(node, at);
    return { kind: "object", at: tagAt, entries: [{ key: tagName, keyAt: tagAt, value }] };
  }

  /** A tagged block collection starts on the line after its tag (`- !If` then `- Cond`): the call is at the tag. */
  private tagPosition(node: YamlNode, valueAt: Position): Position {
    const start = node.range?.[0];
    const tag = node.tag;
    if (start === undefined || !tag) return valueAt;
    const tagStart = this.text.lastIndexOf(tag, start);
    if (tagStart < 0 || !/^\s*$/.test(this.text.slice(tagStart + tag.length, start))) return valueAt;
    const from = this.lines.linePos(tagStart);
    return { ...valueAt, startLine: from.line, startColumn: from.col };
  }

  private buildUntagged(node: YamlNode, depth: number, at: Position): LocatedValue {
    if (isMap(node)) {
      const entries: LocatedEntry[] = [];
      for (const pair of node.items) {
        const keyNode = pair.key;
        const keyAt = isNode(keyNode) ? this.positionOf(keyNode.range) : at;
        const value = isNode(pair.value) ? this.build(pair.value, depth + 1) : { kind: "null" as const, at: keyAt };
        entries.push({ key: keyText(keyNode), keyAt, value });
      }
      return { kind: "object", entries, at };
    }
    if (isSeq(node)) {
      const items = node.items.map((item) =>
        isNode(item) ? this.build(item, depth + 1) : ({ kind: "null", at } as LocatedValue),
      );
      return { kind: "array", items, at };
    }
    if (isAlias(node)) throw new RefusedInput(at, "YAML aliases are not allowed in CloudFormation templates");
    if (isScalar(node)) return this.buildScalar(node, at);
    return { kind: "null", at };
  }

  private buildScalar(node: Scalar, at: Position): LocatedValue {
    const { value } = node;
    if (value === null || value === undefined) {
      // A tagged empty scalar (`!GetAZs ''` is quoted, but `!Ref` alone is not) is an empty string.
      return node.tag && shortFormName(node.tag) ? this.stringNode("", node, at) : { kind: "null", at };
    }
    if (typeof value === "boolean") return { kind: "boolean", value, at };
    if (typeof value === "number" || typeof value === "bigint") return this.numberNode(node, at);
    return this.stringNode(String(value), node, at);
  }

  /** Unquoted numbers keep their text: `012345678901` is an account id, not 12345678901. */
  private numberNode(node: Scalar, at: Position): LocatedValue {
    const source = node.source ?? String(node.value);
    if (CANONICAL_NUMBER.test(source)) return { kind: "number", value: Number(source), raw: source, at };
    const located: LocatedValue = { kind: "string", value: source, at };
    this.strings.set(located, { line: at.startLine, column: at.startColumn ?? 1, layout: "exact" });
    return located;
  }

  private stringNode(value: string, node: Scalar, at: Position): LocatedValue {
    const located: LocatedValue = { kind: "string", value, at };
    this.strings.set(located, this.stringSource(value, node, at));
    return located;
  }

  private stringSource(value: string, node: Scalar, at: Position): StringSource {
    const fallback: StringSource = { line: at.startLine, column: at.startColumn ?? 1, layout: "approximate" };
    const [start, end] = node.range ?? [0, 0];
    const source = this.text.slice(start, end);
    switch (node.type) {
      case Scalar.BLOCK_LITERAL:
        return blockLiteralSource(this.text, start, end, (offset) => this.lines.linePos(offset).line) ?? fallback;
      case Scalar.PLAIN:
        return source === value ? { ...fallback, layout: "exact" } : fallback;
      case Scalar.QUOTE_DOUBLE:
      case Scalar.QUOTE_SINGLE:
        return source.slice(1, -1) === value ? { ...fallback, column: fallback.column + 1, layout: "exact" } : fallback;
      default:
        return fallback;
    }
  }

  private positionOf(range: readonly [number, number, number?] | null | undefined, end = range?.[1]): Position {
    if (!range || end === undefined) return position(this.path, 1);
    const start = range[0];
    const last = lastContentOffset(this.text, start, end);
    const from = this.lines.linePos(start);
    const to = this.lines.linePos(last);
    return position(this.path, from.line, to.line, from.col, to.col + 1);
  }
}

/**
 * Where a node's content ends. `yaml` extends a block collection over comments indented under its last
 * entry; the collection ends with its last entry's content.
 */
function contentEnd(node: YamlNode): number | undefined {
  let current: unknown = node;
  while ((isMap(current) || isSeq(current)) && !current.flow && current.items.length > 0) {
    const last: unknown = current.items.at(-1);
    current = isPair(last) ? (isNode(last.value) ? last.value : last.key) : last;
  }
  return isNode(current) ? current.range?.[1] : undefined;
}

function keyText(key: unknown): string {
  if (isScalar(key)) return key.source ?? String(key.value);
  return String(key);
}

// The fast reader of CloudFormation YAML: js-yaml's event stream (offsets, no document model) turned into the
// located tree iteratively. It is about four times faster than composing `yaml`'s documents, which is most of
// the time a scan of many templates spends parsing (BENCHMARKS.md). It reads the templates people write and
// nothing else: a syntax error, an alias or anchor, a duplicate key, a second document, a directive, a
// complex or tagged key, or a `!!` tag makes it answer `undefined`, and
// parse.ts reads the file with `yaml` instead — so every message and every leniency comes from one parser,
// and test/iac/cloudformation/yaml-readers.test.ts checks that both readers build the same tree.

import {
  COLLECTION_STYLE,
  EVENT_ID,
  getScalarValue,
  parseEvents,
  SCALAR_STYLE,
  type Event,
  type MappingEvent,
  type ScalarEvent,
  type SequenceEvent,
} from "js-yaml";
import { LineMap } from "../json.js";
import { MAX_DEPTH, position } from "../located.js";
import type { LocatedEntry, LocatedValue, Position } from "../types.js";
import type { StringSource } from "./parse.js";
import { blockLiteralSource, CANONICAL_NUMBER, foreignTag, lastContentOffset, shortFormName } from "./yaml-common.js";

/** The YAML 1.2 core schema's plain scalars that are not strings (what `yaml` resolves by default). */
const CORE_NULL = /^(?:~|[Nn]ull|NULL)?$/;
const CORE_BOOLEAN = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const CORE_NUMBER =
  /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/** A value built so far, with the offset just past its last character (a parent ends where its last child does). */
interface Built {
  value: LocatedValue;
  start: number;
  end: number;
}

interface CollectionFrame {
  event: MappingEvent | SequenceEvent;
  built: Built[];
}

/** Thrown inside the builder for anything the fast reader leaves to the thorough one. */
class NotForTheFastReader extends Error {}

/**
 * The located tree of a single-document YAML template, or undefined when the thorough reader must read it.
 * `strings` receives the layout of every string node, as parse.ts's reader records it.
 */
export function readYamlEvents(path: string, text: string, strings: WeakMap<LocatedValue, StringSource>): LocatedValue | undefined {
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: MAX_DEPTH });
  } catch {
    return undefined;
  }
  try {
    return new EventTreeBuilder(path, text, strings).build(events);
  } catch (error) {
    if (error instanceof NotForTheFastReader) return undefined;
    throw error;
  }
}

class EventTreeBuilder {
  private readonly lines: LineMap;

  constructor(
    private readonly path: string,
    private readonly text: string,
    private readonly strings: WeakMap<LocatedValue, StringSource>,
  ) {
    this.lines = new LineMap(text);
  }

  build(events: Event[]): LocatedValue {
    const documents = events.filter((event) => event.type === EVENT_ID.DOCUMENT);
    if (documents.length !== 1 || documents[0].directives.length > 0) throw new NotForTheFastReader();
    const stack: CollectionFrame[] = [];
    let root: Built | undefined;
    const place = (built: Built) => {
      const parent = stack.at(-1);
      if (parent) parent.built.push(built);
      else root = built;
    };
    for (const event of events) {
      switch (event.type) {
        case EVENT_ID.DOCUMENT:
          break;
        case EVENT_ID.MAPPING:
        case EVENT_ID.SEQUENCE:
          if (event.anchorStart >= 0) throw new NotForTheFastReader();
          stack.push({ event, built: [] });
          break;
        case EVENT_ID.SCALAR:
          place(this.scalar(event, stack.at(-1)));
          break;
        case EVENT_ID.POP: {
          const frame = stack.pop();
          if (frame) place(this.collection(frame));
          break;
        }
        default:
          throw new NotForTheFastReader(); // an alias
      }
    }
    if (!root) throw new NotForTheFastReader();
    return root.value;
  }

  // ------------------------------------------------------------------------------------------ scalars

  private scalar(event: ScalarEvent, parent: CollectionFrame | undefined): Built {
    if (event.anchorStart >= 0) throw new NotForTheFastReader();
    const tag = this.tagOf(event);
    const { start, end } = event.valueStart < 0 ? this.emptyScalarRange(event, parent) : this.scalarRange(event);
    const at = this.positionOf(start, end);
    return { value: this.wrapInTag(this.scalarValue(event, tag, start, end, at), tag, event, start, at), start, end };
  }

  private scalarValue(event: ScalarEvent, tag: string | undefined, start: number, end: number, at: Position): LocatedValue {
    if (event.valueStart < 0 && tag === undefined) return { kind: "null", at };
    const value = event.valueStart < 0 ? "" : getScalarValue(this.text, event);
    // A tag makes any scalar a string (`!Ref 123`); so does quoting.
    if (tag === undefined && event.style === SCALAR_STYLE.PLAIN) {
      if (CORE_NULL.test(value)) return { kind: "null", at };
      if (CORE_BOOLEAN.test(value)) return { kind: "boolean", value: value.toLowerCase() === "true", at };
      if (CORE_NUMBER.test(value) && CANONICAL_NUMBER.test(value)) return { kind: "number", value: Number(value), raw: value, at };
    }
    const located: LocatedValue = { kind: "string", value, at };
    this.strings.set(located, this.stringSource(event, value, start, end, at));
    return located;
  }

  /** How the string's characters map back to the file (see StringSource). */
  private stringSource(event: ScalarEvent, value: string, start: number, end: number, at: Position): StringSource {
    const approximate: StringSource = { line: at.startLine, column: at.startColumn ?? 1, layout: "approximate" };
    switch (event.style) {
      case SCALAR_STYLE.LITERAL_BLOCK:
        return blockLiteralSource(this.text, start, end, (offset) => this.lines.locate(offset).line) ?? approximate;
      case SCALAR_STYLE.PLAIN:
        return this.text.slice(start, end) === value ? { ...approximate, layout: "exact" } : approximate;
      case SCALAR_STYLE.SINGLE_QUOTED:
      case SCALAR_STYLE.DOUBLE_QUOTED:
        return this.text.slice(start + 1, end - 1) === value ? { ...approximate, column: approximate.column + 1, layout: "exact" } : approximate;
      default:
        return approximate;
    }
  }

  /** Quoted scalars span their quotes and block scalars their header, as `yaml` reports their ranges. */
  private scalarRange(event: ScalarEvent): { start: number; end: number } {
    switch (event.style) {
      case SCALAR_STYLE.SINGLE_QUOTED:
      case SCALAR_STYLE.DOUBLE_QUOTED:
        return { start: event.valueStart - 1, end: event.valueEnd + 1 };
      case SCALAR_STYLE.LITERAL_BLOCK:
      case SCALAR_STYLE.FOLDED_BLOCK:
        return { start: this.blockHeader(event.valueStart), end: event.valueEnd };
      default:
        return { start: event.valueStart, end: event.valueEnd };
    }
  }

  /** The `|`/`>` indicator on the line before a block scalar's content. */
  private blockHeader(contentStart: number): number {
    const lineEnd = contentStart - 1;
    const lineStart = this.text.lastIndexOf("\n", lineEnd - 1) + 1;
    const header = /[|>][-+0-9]*[ \t]*(?:#.*)?\r?$/.exec(this.text.slice(lineStart, lineEnd));
    if (!header) throw new NotForTheFastReader();
    return lineStart + header.index;
  }

  /**
   * An empty scalar sits where `yaml` puts it: after its tag, the `:` of its key or the `-` of its sequence
   * entry, past the blanks that follow. Empty scalars inside flow collections are left to the thorough reader.
   */
  private emptyScalarRange(event: ScalarEvent, parent: CollectionFrame | undefined): { start: number; end: number } {
    if (event.tagStart >= 0) return this.emptyAt(event.tagEnd);
    if (!parent || parent.event.style === COLLECTION_STYLE.FLOW) throw new NotForTheFastReader();
    const previous = parent.built.at(-1);
    const isValue = parent.event.type === EVENT_ID.MAPPING && parent.built.length % 2 === 1;
    const indicator = isValue ? ":" : "-";
    const from = isValue ? previous!.end : (previous?.end ?? parent.event.start);
    return this.emptyAt(this.nextIndicator(from, indicator) + 1);
  }

  /** After the tag or indicator, past the blanks on its line (a comment or the line's end follows). */
  private emptyAt(offset: number): { start: number; end: number } {
    let at = offset;
    while (this.text[at] === " " || this.text[at] === "\t") at++;
    return { start: at, end: at };
  }

  /** The offset of the next `indicator`, skipping blanks and comments; anything else is not for this reader. */
  private nextIndicator(from: number, indicator: string): number {
    let offset = from;
    while (offset < this.text.length) {
      const char = this.text[offset];
      if (char === indicator) return offset;
      if (char === "#") offset = this.endOfLine(offset);
      else if (/\s/.test(char)) offset++;
      else break;
    }
    throw new NotForTheFastReader();
  }

  private endOfLine(offset: number): number {
    const newline = this.text.indexOf("\n", offset);
    return newline < 0 ? this.text.length : newline;
  }

  // ------------------------------------------------------------------------------------------ collections

  private collection(frame: CollectionFrame): Built {
    const { event, built } = frame;
    const tag = this.tagOf(event);
    const start = event.start;
    // A single pair in a flow sequence (`[a, key: value]`) is a flow mapping without brackets.
    const bracketed = event.style === COLLECTION_STYLE.FLOW && (this.text[start] === "[" || this.text[start] === "{");
    const end = bracketed ? this.closingBracket(built.at(-1)?.end ?? start + 1) + 1 : (built.at(-1)?.end ?? start + 1);
    const at = this.positionOf(start, end);
    const value: LocatedValue = event.type === EVENT_ID.MAPPING ? { kind: "object", entries: this.entries(built, at), at } : { kind: "array", items: built.map((item) => item.value), at };
    return { value: this.wrapInTag(value, tag, event, start, at), start, end };
  }

  private entries(built: Built[], at: Position): LocatedEntry[] {
    const entries: LocatedEntry[] = [];
    const seen = new Set<string>();
    for (let index = 0; index < built.length; index += 2) {
      const key = built[index].value;
      // Complex keys and duplicate keys: `yaml` reports what CloudFormation would say.
      if (key.kind !== "string" && key.kind !== "number" && key.kind !== "boolean" && key.kind !== "null") throw new NotForTheFastReader();
      const name = this.keyText(built[index]);
      if (seen.has(name)) throw new NotForTheFastReader();
      seen.add(name);
      entries.push({ key: name, keyAt: key.at, value: built[index + 1]?.value ?? { kind: "null", at } });
    }
    return entries;
  }

  /** A key as `yaml` spells it: its source text when plain, its value when quoted. */
  private keyText(key: Built): string {
    const { value } = key;
    if (value.kind === "string") return value.value;
    if (value.kind === "number") return value.raw;
    return this.text.slice(key.start, key.end);
  }

  private closingBracket(from: number): number {
    let offset = from;
    while (offset < this.text.length) {
      const char = this.text[offset];
      if (char === "]" || char === "}") return offset;
      if (char === "#") offset = this.endOfLine(offset);
      else if (char === "," || /\s/.test(char)) offset++;
      else break;
    }
    throw new NotForTheFastReader();
  }

  // ------------------------------------------------------------------------------------------ tags and positions

  private tagOf(event: ScalarEvent | MappingEvent | SequenceEvent): string | undefined {
    if (event.tagStart < 0) return undefined;
    const tag = this.text.slice(event.tagStart, event.tagEnd);
    if (!shortFormName(tag) && (!foreignTag(tag) || tag.startsWith("!<"))) throw new NotForTheFastReader();
    return tag;
  }

  /** `!Sub x` becomes `{"Fn::Sub": x}`, positioned at the tag when only blanks separate it from the value. */
  private wrapInTag(value: LocatedValue, tag: string | undefined, event: { tagStart: number; tagEnd: number }, start: number, at: Position): LocatedValue {
    if (tag === undefined) return value;
    const name = shortFormName(tag) ?? tag;
    let tagAt = at;
    if (/^\s*$/.test(this.text.slice(event.tagEnd, start))) {
      const from = this.lines.locate(event.tagStart);
      tagAt = { ...at, startLine: from.line, startColumn: from.column };
    }
    return { kind: "object", at: tagAt, entries: [{ key: name, keyAt: tagAt, value }] };
  }

  private positionOf(start: number, end: number): Position {
    const from = this.lines.locate(start);
    const to = this.lines.locate(lastContentOffset(this.text, start, end));
    return position(this.path, from.line, to.line, from.column, to.column + 1);
  }
}

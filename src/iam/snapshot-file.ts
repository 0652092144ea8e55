// The data snapshots the build derives into data/generated/ (scripts/build-*.mjs). Both start with a header
// line, `{"source":{"package":…,"version":…,"updatedAt":…},`, then one entry a line. What their readers share:
// the checks, the header, and a message that says how to regenerate a snapshot that is missing or broken.

import { closeSync, existsSync, fstatSync, openSync, readSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface SnapshotSource {
  package: string;
  version: string;
  /** ISO date-time of the data. */
  updatedAt: string;
}

/** The header line is short: this much of the file holds it. */
const HEADER_BYTES = 4096;
/** An entry line's start holds its key (service prefixes and policy names are far shorter). */
const KEY_BYTES = 512;
const CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;
const COMMA = 0x2c;

/** A line of a snapshot: its byte range (without the newline), its first KEY_BYTES as text, its last byte. */
interface Line {
  start: number;
  end: number;
  head: string;
  lastByte: number;
}

export class SnapshotFile {
  constructor(
    readonly url: URL,
    /** "action catalogue", "AWS managed policy": for messages. */
    private readonly description: string,
    /** The script in scripts/ that writes it. */
    private readonly script: string,
  ) {}

  error(problem: string): Error {
    return new Error(
      `The ${this.description} snapshot ${fileURLToPath(this.url)} cannot be used: ${problem}. ` +
        `Run \`npm run build\` (or \`node scripts/${this.script}\`) to generate it.`,
    );
  }

  ensureExists(): void {
    if (!existsSync(this.url)) throw this.error("it does not exist");
  }

  parseJson(text: string): unknown {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw this.error(`it is not valid JSON (${(error as Error).message})`);
    }
  }

  /** The `source` of a parsed snapshot (or of its header line parsed alone). */
  sourceOf(document: unknown): SnapshotSource {
    const source = isRecord(document) ? document.source : undefined;
    if (!isRecord(source) || typeof source.package !== "string" || typeof source.version !== "string" || typeof source.updatedAt !== "string") {
      throw this.error("its source header is missing");
    }
    return { package: source.package, version: source.version, updatedAt: source.updatedAt };
  }

  /** The header line (`{"source":{…},`): closing the object makes it a document of its own. */
  parseHeaderLine(line: string | undefined): SnapshotSource {
    return this.sourceOf(this.parseJson(`${(line ?? "").replace(/,$/, "")}}`));
  }

  /**
   * Indexes the entries (`"KEY":{…},` a line) of the snapshot without keeping their text: readers parse an
   * entry when it is first asked for (a run that needs ten entries does not build thousands), and the index
   * reads it from the file then. The file stays open, so a rebuild (which writes a new file and renames it
   * over this one) cannot change what this process reads.
   */
  openEntries(entriesKey: string): SnapshotEntries {
    this.ensureExists();
    const descriptor = openSync(this.url, "r");
    try {
      const { source, ranges } = this.indexLines(descriptor, fstatSync(descriptor).size, entriesKey);
      return new SnapshotEntries(this, descriptor, source, ranges);
    } catch (error) {
      closeSync(descriptor);
      throw error;
    }
  }

  /**
   * Reads the file in 64 KB pieces and notes where each line starts and ends, its first bytes (an entry's
   * key) and its last byte: no buffer or string of the whole file is ever made (a large transient object
   * stays in memory until the next full collection).
   */
  private indexLines(descriptor: number, size: number, entriesKey: string): { source: SnapshotSource; ranges: Map<string, EntryRange> } {
    const lines: Line[] = [];
    const chunk = Buffer.alloc(CHUNK_BYTES);
    let lineStart = 0;
    let previousByte = -1;
    for (let offset = 0; offset < size; ) {
      const length = readSync(descriptor, chunk, 0, Math.min(CHUNK_BYTES, size - offset), offset);
      if (length === 0) throw this.error("it is shorter than its size");
      for (let at = chunk.indexOf(NEWLINE); at >= 0 && at < length; at = chunk.indexOf(NEWLINE, at + 1)) {
        const end = offset + at;
        const headEnd = Math.min(end, lineStart + KEY_BYTES);
        // A line's start is usually in this piece; a long line's, in an earlier one (read again).
        const head = lineStart >= offset ? chunk.toString("utf8", lineStart - offset, headEnd - offset) : this.readRange(descriptor, { start: lineStart, end: headEnd });
        lines.push({ start: lineStart, end, head, lastByte: at > 0 ? chunk[at - 1] : previousByte });
        lineStart = end + 1;
      }
      previousByte = chunk[length - 1];
      offset += length;
    }
    if (lineStart < size) lines.push({ start: lineStart, end: size, head: this.readRange(descriptor, { start: lineStart, end: Math.min(size, lineStart + KEY_BYTES) }), lastByte: previousByte });

    const [header, opening, ...entries] = lines;
    const source = this.parseHeaderLine(header && this.readRange(descriptor, { start: header.start, end: Math.min(header.end, header.start + HEADER_BYTES) }));
    if (opening?.head !== `${JSON.stringify(entriesKey)}:{`) throw this.error(`its second line is not the start of the ${entriesKey}`);
    const ranges = new Map<string, EntryRange>();
    for (const [index, line] of entries.entries()) {
      if (line.head === "}}") {
        if (ranges.size === 0) throw this.error(`it has no ${entriesKey}`);
        return { source, ranges };
      }
      // The build scripts write keys that need no escaping: a key ends at the first `":`.
      const keyEnd = line.head.indexOf('":');
      if (!line.head.startsWith('"') || keyEnd < 2) throw this.error(`line ${index + 3} is not one of the ${entriesKey}`);
      const valueStart = line.start + Buffer.byteLength(line.head.slice(0, keyEnd + 2));
      // Without the `,` between entries.
      ranges.set(line.head.slice(1, keyEnd), { start: valueStart, end: line.lastByte === COMMA ? line.end - 1 : line.end });
    }
    throw this.error("it is truncated");
  }

  /** One entry's text, read from the open file. */
  readRange(descriptor: number, range: EntryRange): string {
    const bytes = Buffer.alloc(range.end - range.start);
    if (readSync(descriptor, bytes, 0, bytes.length, range.start) !== bytes.length) throw this.error("it is shorter than when it was opened");
    return bytes.toString("utf8");
  }

  /** Only the header, read from the start of the file: `--version` without loading the data. */
  readHeader(): SnapshotSource {
    this.ensureExists();
    const descriptor = openSync(this.url, "r");
    try {
      const buffer = Buffer.alloc(HEADER_BYTES);
      const length = readSync(descriptor, buffer, 0, HEADER_BYTES, 0);
      return this.parseHeaderLine(buffer.subarray(0, length).toString("utf8").split("\n", 1)[0]);
    } finally {
      closeSync(descriptor);
    }
  }
}

/** Where an entry's JSON text is in the file (bytes, end exclusive). */
interface EntryRange {
  start: number;
  end: number;
}

/** The entries of an open snapshot, by key, in the file's order. */
export class SnapshotEntries {
  constructor(
    private readonly file: SnapshotFile,
    private readonly descriptor: number,
    readonly source: SnapshotSource,
    private readonly ranges: ReadonlyMap<string, EntryRange>,
  ) {}

  get size(): number {
    return this.ranges.size;
  }

  keys(): IterableIterator<string> {
    return this.ranges.keys();
  }

  has(key: string): boolean {
    return this.ranges.has(key);
  }

  /** The entry's JSON text, or undefined for a key the snapshot does not have. */
  text(key: string): string | undefined {
    const range = this.ranges.get(key);
    return range && this.file.readRange(this.descriptor, range);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// The data snapshots the build derives into data/generated/ (scripts/build-*.mjs). Both start with a header
// line, `{"source":{"package":…,"version":…,"updatedAt":…},`, then one entry a line. What their readers share:
// the checks, the header, and a message that says how to regenerate a snapshot that is missing or broken.

import { closeSync, existsSync, openSync, readSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface SnapshotSource {
  package: string;
  version: string;
  /** ISO date-time of the data. */
  updatedAt: string;
}

/** The header line is short: this much of the file holds it. */
const HEADER_BYTES = 4096;

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
   * Splits a snapshot into its header and one JSON text per entry (`"KEY":{…},` a line), unparsed: readers
   * parse an entry when it is first asked for, so a run that needs ten entries does not build thousands.
   */
  splitEntries(text: string, entriesKey: string): { source: SnapshotSource; entries: Map<string, string> } {
    const lines = text.split("\n");
    const source = this.parseHeaderLine(lines[0]);
    if (lines[1] !== `${JSON.stringify(entriesKey)}:{`) throw this.error(`its second line is not the start of the ${entriesKey}`);
    const entries = new Map<string, string>();
    let index = 2;
    for (; index < lines.length && lines[index] !== "}}"; index++) {
      // The build scripts write keys that need no escaping.
      const line = lines[index];
      const keyEnd = line.indexOf('":');
      if (!line.startsWith('"') || keyEnd < 2) throw this.error(`line ${index + 1} is not one of the ${entriesKey}`);
      entries.set(line.slice(1, keyEnd), line.slice(keyEnd + 2, line.endsWith(",") ? -1 : undefined));
    }
    if (index >= lines.length) throw this.error("it is truncated");
    if (entries.size === 0) throw this.error(`it has no ${entriesKey}`);
    return { source, entries };
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

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

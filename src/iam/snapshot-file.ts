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

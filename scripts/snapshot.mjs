// The data snapshots of data/generated/ (build-catalogue.mjs, build-managed-policies.mjs), in the format
// src/iam/snapshot-file.ts reads: the source header alone on the first line, then one entry a line, the whole
// file one JSON document. Written to a temporary file and renamed, so that a concurrent reader (a second
// pretest, the App) never sees half a file.
import { Buffer } from "node:buffer";
import { closeSync, mkdirSync, openSync, readSync, renameSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import process from "node:process";

/** The header line is short: this much of the file holds it. */
const HEADER_BYTES = 4096;

/**
 * The `source` of an existing snapshot, from its first line only; undefined when it cannot be read or is
 * of an older format (the caller then rebuilds).
 * @param {string} path
 */
export function readSnapshotHeader(path) {
  let descriptor;
  try {
    descriptor = openSync(path, "r");
    const buffer = Buffer.alloc(HEADER_BYTES);
    const length = readSync(descriptor, buffer, 0, HEADER_BYTES, 0);
    const firstLine = buffer.subarray(0, length).toString("utf8").split("\n", 1)[0];
    return JSON.parse(`${firstLine.replace(/,$/, "")}}`).source;
  } catch {
    return undefined;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/**
 * Writes the snapshot and prints one line saying what was written.
 * @param {{ outputPath: string, repositoryRoot: string, source: object, entriesKey: string, lines: string[],
 *   started: number, summary: string }} snapshot
 */
export function writeSnapshot({ outputPath, repositoryRoot, source, entriesKey, lines, started, summary }) {
  const text = `{"source":${JSON.stringify(source)},\n${JSON.stringify(entriesKey)}:{\n${lines.join(",\n")}\n}}\n`;
  mkdirSync(dirname(outputPath), { recursive: true });
  const temporaryPath = `${outputPath}.${process.pid}.tmp`;
  writeFileSync(temporaryPath, text);
  renameSync(temporaryPath, outputPath);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const megabytes = (Buffer.byteLength(text) / 1e6).toFixed(1);
  process.stdout.write(`${summary} -> ${relative(repositoryRoot, outputPath)} (${megabytes} MB, ${seconds} s)\n`);
}

import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { decodeSource, sizeError } from "../iac/decode.js";
import { MAX_FILE_BYTES } from "../iac/located.js";
import { isCandidatePath, type SourceFile } from "../iac/scan.js";
import type { SourceReader } from "../iac/types.js";

// Directories that never hold the user's own IaC: tool caches and dependencies.
const SKIPPED_DIRECTORIES = new Set([".git", "node_modules", ".terraform", ".aws-sam", "cdk.out", ".serverless"]);

/** One scan root: a directory (all candidate files below it) or a single file (its directory is the root). */
export interface LoadedRoot {
  /** Absolute directory that confines `file()` reads. */
  root: string;
  sources: SourceFile[];
  reader: SourceReader;
}

export function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

/** Reads the files of a path given on the command line; paths in the result are relative to the root. */
export function loadRoot(path: string): LoadedRoot {
  const absolute = resolve(path);
  const stat = statSync(absolute);
  if (stat.isFile()) {
    const root = resolve(absolute, "..");
    const rel = toPosix(relative(root, absolute));
    return { root, sources: [readSource(root, rel)], reader: diskReader(root) };
  }
  const sources: SourceFile[] = [];
  for (const rel of walk(absolute)) if (isCandidatePath(rel)) sources.push(readSource(absolute, rel));
  return { root: absolute, sources, reader: diskReader(absolute) };
}

function walk(root: string): string[] {
  const found: string[] = [];
  const pending = [""];
  while (pending.length > 0) {
    const dir = pending.pop() ?? "";
    const entries = readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const rel = dir === "" ? entry.name : `${dir}/${entry.name}`;
      // Symbolic links are not followed: they could lead outside the scanned tree.
      if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name)) pending.push(rel);
      else if (entry.isFile()) found.push(rel);
    }
  }
  return found.sort();
}

function readSource(root: string, rel: string): SourceFile {
  const absolute = join(root, rel);
  // Refuse before reading: a 50 MB file must not be loaded to be rejected.
  const tooLarge = sizeError(rel, lstatSync(absolute).size);
  if (tooLarge) return { path: rel, error: tooLarge };
  const decoded = decodeSource(rel, readFileSync(absolute));
  return "error" in decoded ? { path: rel, error: decoded.error } : { path: rel, text: decoded.text };
}

/**
 * Reads `file()`/`templatefile()` targets. Only files inside the root are ever read: a relative path that
 * climbs out, an absolute path, or a symbolic link that points outside answers "not found".
 */
export function diskReader(root: string): SourceReader {
  const realRoot = realpathSync(root);
  return {
    read(path: string): string | undefined {
      if (isAbsolute(path) || path.split("/").includes("..")) return undefined;
      const absolute = resolve(root, path);
      try {
        const real = realpathSync(absolute);
        if (real !== realRoot && !real.startsWith(realRoot + sep)) return undefined;
        if (statSync(real).size > MAX_FILE_BYTES) return undefined;
        const decoded = decodeSource(path, readFileSync(real));
        return "text" in decoded ? decoded.text : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, parse, relative, resolve, sep } from "node:path";
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

/**
 * Reads several paths as one scan. Their deepest common directory is the root, so every file keeps a distinct
 * path and the scanner sees them together: two templates that both define `LambdaRole` stay two principals
 * (their addresses are qualified by file), not one with both templates' policies. `file()` reads stay
 * confined to the paths given (a file's directory for a file), as with one path.
 */
export function loadRoots(paths: string[]): LoadedRoot {
  if (paths.length === 1) return loadRoot(paths[0]);
  const given = paths.map((path) => {
    const absolute = resolve(path);
    const isFile = statSync(absolute).isFile();
    return { absolute, isFile, confinedTo: isFile ? dirname(absolute) : absolute };
  });
  const root = commonDirectory(given.map((path) => path.confinedTo));
  const sources: SourceFile[] = [];
  const seen = new Set<string>();
  const add = (absolute: string) => {
    const rel = toPosix(relative(root, absolute));
    if (seen.has(rel)) return;
    seen.add(rel);
    sources.push(readSource(root, rel));
  };
  for (const path of given) {
    if (path.isFile) add(path.absolute);
    else for (const rel of walk(path.absolute)) if (isCandidatePath(rel)) add(join(path.absolute, rel));
  }
  return { root, sources, reader: diskReader(root, given.map((path) => path.confinedTo)) };
}

function commonDirectory(directories: string[]): string {
  const [first, ...rest] = directories.map((directory) => directory.split(sep));
  let length = first.length;
  for (const parts of rest) {
    let same = 0;
    while (same < Math.min(length, parts.length) && parts[same] === first[same]) same++;
    length = same;
  }
  // Nothing in common but the filesystem root ("/" splits into ["", ...]; "C:\\" into ["C:", ...]).
  return length <= 1 ? parse(directories[0]).root : first.slice(0, length).join(sep);
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
 * Reads `file()`/`templatefile()` targets. Only files inside the root (or inside the directories it is
 * confined to) are ever read: a relative path that climbs out, an absolute path, or a symbolic link that
 * points outside answers "not found".
 */
export function diskReader(root: string, confinedTo: string[] = [root]): SourceReader {
  const realRoots = confinedTo.map((directory) => realpathSync(directory));
  const inside = (real: string) => realRoots.some((realRoot) => real === realRoot || real.startsWith(realRoot + sep));
  return {
    read(path: string): string | undefined {
      if (isAbsolute(path) || path.split("/").includes("..")) return undefined;
      const absolute = resolve(root, path);
      try {
        const real = realpathSync(absolute);
        if (!inside(real)) return undefined;
        if (statSync(real).size > MAX_FILE_BYTES) return undefined;
        const decoded = decodeSource(path, readFileSync(real));
        return "text" in decoded ? decoded.text : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

// Which lines of a pull request can carry a review comment: the lines of the diff hunks on the head side
// (added and context lines), as GitHub decides it. A comment anywhere else is a 422 that would sink the
// whole review, so every anchor is checked here first.

import parseDiff from "parse-diff";

/** For each path, the head-side line → the hunk it belongs to. No entry: no commentable line at all. */
export type CommentableLines = Map<string, Map<number, number>>;

export interface PatchedFile {
  path: string;
  /** Absent for binary files and diffs too large for GitHub to show. */
  patch?: string;
}

export function commentableLines(files: readonly PatchedFile[]): CommentableLines {
  const lines: CommentableLines = new Map();
  for (const file of files) {
    if (!file.patch) continue;
    const right = new Map<number, number>();
    // GitHub's `patch` is only the hunks; parse-diff wants the file header too.
    const [parsed] = parseDiff(`--- a/${file.path}\n+++ b/${file.path}\n${file.patch}\n`);
    parsed?.chunks.forEach((chunk, hunk) => {
      for (const change of chunk.changes) {
        if (change.type === "add") right.set(change.ln, hunk);
        else if (change.type === "normal") right.set(change.ln2, hunk);
      }
    });
    if (right.size > 0) lines.set(file.path, right);
  }
  return lines;
}

export interface Anchor {
  line: number;
  /** Only for multi-line ranges: GitHub rejects `start_line === line`. */
  startLine?: number;
}

/** The anchor for lines `start..end` of `path` when all of them are in one hunk, else undefined. */
export function anchorRange(lines: CommentableLines, path: string, start: number, end: number): Anchor | undefined {
  const file = lines.get(path);
  if (!file || end < start) return undefined;
  const hunk = file.get(start);
  if (hunk === undefined) return undefined;
  for (let line = start + 1; line <= end; line++) if (file.get(line) !== hunk) return undefined;
  return end === start ? { line: end } : { startLine: start, line: end };
}

// A ChangeSet from a local git repository, the way the App builds one from a pull request: the base side at
// the merge base of the two revisions, the head side at the head revision. Git is only asked to read objects;
// nothing from the repository is ever executed.

import { execFileSync } from "node:child_process";
import { MAX_FILE_BYTES } from "../iac/located.js";
import { decodeSource } from "../iac/decode.js";
import { reviewScope, type ChangedFile, type ChangeSet } from "../engine/review.js";

export class GitError extends Error {}

function git(repo: string, args: string[], input?: string): Buffer {
  try {
    return execFileSync("git", ["-C", repo, ...args], {
      input,
      maxBuffer: 512 * 1024 * 1024,
      stdio: ["pipe", "pipe", "pipe"],
    });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new GitError(stderr || (error as Error).message);
  }
}

export function resolveRevision(repo: string, revision: string): string {
  return git(repo, ["rev-parse", "--verify", "--quiet", `${revision}^{commit}`]).toString().trim();
}

function mergeBase(repo: string, base: string, head: string): string {
  return git(repo, ["merge-base", base, head]).toString().trim();
}

const STATUS: Record<string, ChangedFile["status"]> = {
  A: "added",
  M: "modified",
  D: "removed",
  R: "renamed",
  C: "copied",
  T: "changed",
};

function changedFiles(repo: string, base: string, head: string): ChangedFile[] {
  const fields = git(repo, ["diff", "--name-status", "-M", "-z", base, head]).toString().split("\0").filter((f) => f !== "");
  const changed: ChangedFile[] = [];
  for (let i = 0; i < fields.length; ) {
    const code = fields[i++];
    const status = STATUS[code[0]] ?? "modified";
    if (code[0] === "R" || code[0] === "C") {
      const previousPath = fields[i++];
      changed.push({ path: fields[i++], previousPath, status });
    } else {
      changed.push({ path: fields[i++], status });
    }
  }
  return changed;
}

function filesInDirectory(repo: string, revision: string, dir: string): string[] {
  const spec = dir === "" ? revision : `${revision}:${dir}`;
  let listing: string;
  try {
    listing = git(repo, ["ls-tree", "--name-only", "-z", spec]).toString();
  } catch {
    return [];
  }
  return listing.split("\0").filter((name) => name !== "").map((name) => (dir === "" ? name : `${dir}/${name}`));
}

/** Reads many blobs in one `git cat-file --batch`; missing paths are left out. */
function readBlobs(repo: string, revision: string, paths: string[]): Map<string, string> {
  const contents = new Map<string, string>();
  if (paths.length === 0) return contents;
  const output = git(repo, ["cat-file", "--batch"], paths.map((path) => `${revision}:${path}`).join("\n") + "\n");
  let offset = 0;
  for (const path of paths) {
    const newline = output.indexOf(10, offset);
    const header = output.subarray(offset, newline).toString();
    offset = newline + 1;
    if (header.endsWith(" missing")) continue;
    const size = Number(header.split(" ")[2]);
    const bytes = output.subarray(offset, offset + size);
    offset += size + 1;
    if (size > MAX_FILE_BYTES) continue;
    const decoded = decodeSource(path, bytes);
    if ("text" in decoded) contents.set(path, decoded.text);
  }
  return contents;
}

/** The change between two revisions, with the files in review scope on each side. */
export function changeSetFromGit(repo: string, baseRevision: string, headRevision: string): ChangeSet & { baseCommit: string; headCommit: string } {
  const head = resolveRevision(repo, headRevision);
  const base = mergeBase(repo, resolveRevision(repo, baseRevision), head);
  const changed = changedFiles(repo, base, head);
  const scopeAt = (revision: string) => reviewScope(changed, (dir) => filesInDirectory(repo, revision, dir));
  const baseFiles = readBlobs(repo, base, scopeAt(base));
  const headFiles = readBlobs(repo, head, scopeAt(head));
  return {
    base: baseFiles,
    head: headFiles,
    changed,
    baseCommit: base,
    headCommit: head,
    readBase: (path) => readBlobs(repo, base, [path]).get(path),
    readHead: (path) => readBlobs(repo, head, [path]).get(path),
  };
}

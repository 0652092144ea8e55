// A pull request (or a merge group) as the engine's ChangeSet: the changed files, and the files in review
// scope read from the base repository at the exact head SHA (fork heads are reachable there) and at the
// merge base. Only what the engine needs is fetched, a bounded number at a time.

import { posix } from "node:path";
import { MAX_FILE_BYTES } from "../iac/located.js";
import { decodeSource } from "../iac/decode.js";
import { MAX_CHANGED_FILES, reviewScope, type ChangedFile, type ChangeSet } from "../engine/review.js";
import { isNotFound, mapLimit, type GitHub } from "./client.js";
import type { PatchedFile } from "./diff-lines.js";
import { rawBytes } from "./load-config.js";
import type { SkippedFile } from "./payloads.js";

/** Reads in flight at once: enough to be quick, few enough to stay far from GitHub's concurrency limits. */
export const FETCH_CONCURRENCY = 8;
/** The compare API lists at most 300 files. */
const COMPARE_FILE_LIMIT = 300;

export type Side = "base" | "head";

export interface FetchedChange {
  change: ChangeSet;
  /** The commits the two sides were read at. */
  baseCommit: string;
  headCommit: string;
  patches: PatchedFile[];
  /** Head files in scope that could not be analysed (too large, binary, not UTF-8). */
  skipped: SkippedFile[];
  /** Reads more files of one side (file() targets); missing files are left out. */
  readMore(side: Side, paths: readonly string[]): Promise<Map<string, string>>;
}

interface Target {
  owner: string;
  repo: string;
  headSha: string;
}

type GitHubFile = {
  filename: string;
  status: string;
  previous_filename?: string;
  patch?: string;
  sha?: string | null;
};

/** A pull request's change: its files (paginated, up to GitHub's 3,000) against the merge base. */
export async function fetchPullRequestChange(
  gh: GitHub,
  target: Target & { pullNumber: number; baseSha: string; changedFiles?: number },
): Promise<FetchedChange> {
  const files: GitHubFile[] = await gh.paginate(gh.rest.pulls.listFiles, {
    owner: target.owner,
    repo: target.repo,
    pull_number: target.pullNumber,
    per_page: 100,
  });
  const truncated = files.length >= MAX_CHANGED_FILES || (target.changedFiles ?? 0) > MAX_CHANGED_FILES;
  return buildChange(gh, target, files, truncated, async () => {
    const { data } = await gh.rest.repos.compareCommitsWithBasehead({
      owner: target.owner,
      repo: target.repo,
      basehead: `${target.baseSha}...${target.headSha}`,
      per_page: 1,
    });
    return data.merge_base_commit.sha;
  });
}

/** A merge group's change: what its head adds to its base, from the compare API (first 300 files). */
export async function fetchCommitRangeChange(gh: GitHub, target: Target & { baseSha: string }): Promise<FetchedChange> {
  const { data } = await gh.rest.repos.compareCommitsWithBasehead({
    owner: target.owner,
    repo: target.repo,
    basehead: `${target.baseSha}...${target.headSha}`,
    per_page: 1,
  });
  const files: GitHubFile[] = data.files ?? [];
  const mergeBase = data.merge_base_commit.sha;
  return buildChange(gh, target, files, files.length >= COMPARE_FILE_LIMIT, async () => mergeBase);
}

function toChanged(file: GitHubFile): ChangedFile {
  const known: ChangedFile["status"][] = ["added", "modified", "removed", "renamed", "copied", "changed", "unchanged"];
  const status = known.find((s) => s === file.status) ?? "modified";
  return { path: file.filename, status, ...(file.previous_filename ? { previousPath: file.previous_filename } : {}) };
}

interface Entry {
  sha?: string;
  size?: number;
}

async function buildChange(
  gh: GitHub,
  target: Target,
  files: GitHubFile[],
  truncated: boolean,
  mergeBaseOf: () => Promise<string>,
): Promise<FetchedChange> {
  const changed = files.map(toChanged);
  const patches = files.map((f) => ({ path: f.filename, ...(f.patch ? { patch: f.patch } : {}) }));
  // An unchanged sibling has the same blob on both sides: it is fetched once.
  const blobs = new Map<string, Promise<Uint8Array | undefined>>();
  const reader: Reader = { gh, target, blobs };
  const readMore = (ref: string) => (paths: readonly string[]) => readFiles(reader, ref, paths.map((path) => ({ path })));
  // Nothing to fetch when no file the scanner reads changed: the engine concludes "no infrastructure files".
  if (reviewScope(changed, () => []).length === 0) {
    const change: ChangeSet = { base: new Map(), head: new Map(), changed, truncated };
    return { change, baseCommit: target.headSha, headCommit: target.headSha, patches, skipped: [], readMore: async () => new Map() };
  }
  const mergeBase = await mergeBaseOf();
  const refs: Record<Side, string> = { base: mergeBase, head: target.headSha };
  const dirs = terraformDirectories(changed);
  const listings: Record<Side, Map<string, Map<string, Entry>>> = { base: new Map(), head: new Map() };
  await mapLimit(
    (["base", "head"] as const).flatMap((side) => dirs.map((dir) => ({ side, dir }))),
    FETCH_CONCURRENCY,
    async ({ side, dir }) => listings[side].set(dir, await listDirectory(gh, target, refs[side], dir)),
  );
  const headBlobs = new Map(files.filter((f) => f.status !== "removed" && f.sha).map((f) => [f.filename, { sha: f.sha ?? undefined }]));
  const wanted = (side: Side) =>
    reviewScope(changed, (dir) => [...(listings[side].get(dir)?.keys() ?? [])])
      .filter((path) => existsOn(side, path, changed, listings[side]))
      .map((path) => ({ path, ...(listings[side].get(directoryOf(path))?.get(path) ?? (side === "head" ? headBlobs.get(path) : undefined) ?? {}) }));
  const [base, head] = await Promise.all([
    readFiles(reader, refs.base, wanted("base")),
    readFiles(reader, refs.head, wanted("head"), true),
  ]);
  return {
    change: { base: base.texts, head: head.texts, changed, truncated },
    baseCommit: mergeBase,
    headCommit: target.headSha,
    patches,
    skipped: head.skipped,
    readMore: (side, paths) => readMore(refs[side])(paths).then((r) => r.texts),
  };
}

/** The directories of changed Terraform files: a module is its directory, so its siblings are in scope. */
function terraformDirectories(changed: readonly ChangedFile[]): string[] {
  const dirs = new Set<string>();
  for (const file of changed) {
    for (const path of [file.path, file.previousPath]) if (path?.endsWith(".tf")) dirs.add(directoryOf(path));
  }
  return [...dirs].sort();
}

function directoryOf(path: string): string {
  const dir = posix.dirname(path);
  return dir === "." ? "" : dir;
}

/** Whether `path` exists on `side`, from the directory listing or the pull request's own file list. */
function existsOn(side: Side, path: string, changed: readonly ChangedFile[], listing: Map<string, Map<string, Entry>>): boolean {
  if (listing.get(directoryOf(path))?.has(path)) return true;
  if (side === "head") return changed.some((f) => f.path === path && f.status !== "removed");
  return changed.some((f) => (f.path === path && !["added", "renamed", "copied"].includes(f.status)) || f.previousPath === path);
}

async function listDirectory(gh: GitHub, target: Target, ref: string, dir: string): Promise<Map<string, Entry>> {
  const entries = new Map<string, Entry>();
  try {
    const { data } = await gh.rest.repos.getContent({ owner: target.owner, repo: target.repo, path: dir, ref });
    if (!Array.isArray(data)) return entries;
    for (const item of data) if (item.type === "file") entries.set(item.path, { sha: item.sha, size: item.size });
  } catch (error) {
    // The directory is new on this side (or gone): it simply has no files.
    if (!isNotFound(error)) throw error;
  }
  return entries;
}

interface Reader {
  gh: GitHub;
  target: Target;
  blobs: Map<string, Promise<Uint8Array | undefined>>;
}

async function readFiles(
  reader: Reader,
  ref: string,
  files: readonly ({ path: string } & Entry)[],
  reportSkipped = false,
): Promise<{ texts: Map<string, string>; skipped: SkippedFile[] }> {
  const texts = new Map<string, string>();
  const skipped: SkippedFile[] = [];
  await mapLimit(files, FETCH_CONCURRENCY, async (file) => {
    if (file.size !== undefined && file.size > MAX_FILE_BYTES) {
      if (reportSkipped) skipped.push({ path: file.path, reason: `${(file.size / 1024 / 1024).toFixed(1)} MB, over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit` });
      return;
    }
    const bytes = await readBytes(reader, ref, file);
    if (bytes === undefined) return;
    const decoded = decodeSource(file.path, bytes);
    if ("text" in decoded) texts.set(file.path, decoded.text);
    else if (reportSkipped) skipped.push({ path: file.path, reason: decoded.error.message });
  });
  skipped.sort((a, b) => a.path.localeCompare(b.path));
  return { texts, skipped };
}

/** By blob SHA when it is known (exact, and works for files over 1 MB); else the raw content at `ref`. */
function readBytes(reader: Reader, ref: string, file: { path: string } & Entry): Promise<Uint8Array | undefined> {
  const { sha } = file;
  if (!sha) return readContent(reader, ref, file.path);
  let blob = reader.blobs.get(sha);
  if (!blob) {
    blob = readBlob(reader, sha);
    reader.blobs.set(sha, blob);
  }
  return blob;
}

async function readBlob({ gh, target }: Reader, sha: string): Promise<Uint8Array | undefined> {
  try {
    const { data } = await gh.rest.git.getBlob({ owner: target.owner, repo: target.repo, file_sha: sha });
    return Buffer.from(data.content, data.encoding === "base64" ? "base64" : "utf8");
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

async function readContent({ gh, target }: Reader, ref: string, path: string): Promise<Uint8Array | undefined> {
  try {
    const response = await gh.rest.repos.getContent({ owner: target.owner, repo: target.repo, path, ref, mediaType: { format: "raw" } });
    return rawBytes(response.data);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

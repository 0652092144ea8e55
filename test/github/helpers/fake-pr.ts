// A pull request made of two file trees (test/fixtures/prs/<case>/{base,head} or inline maps), and the exact
// GitHub reads the App makes for it, as nock interceptors. Each interceptor is expected exactly once, so
// `pendingMocks()` also proves nothing more and nothing less was fetched.

import { createHash } from "node:crypto";
import { join, posix } from "node:path";
import type nock from "nock";
import { unifiedPatch } from "./unified-diff.js";
import { readTree } from "../../helpers/tree.js";

export interface FakePr {
  owner: string;
  repo: string;
  number: number;
  baseSha: string;
  headSha: string;
  mergeBase: string;
  base: Map<string, string>;
  head: Map<string, string>;
  /** old path → new path */
  renames?: Record<string, string>;
  /** `.github/iam-review.yml` at the base SHA; undefined: none (the org's `.github` repository has none either). */
  config?: string;
}

export const SHA = {
  base: "b".repeat(40),
  head: "ec26c3e57ca3a959ca5aad62de7213c562f8c821",
  mergeBase: "a".repeat(40),
};

export function fixturePr(name: string, overrides: Partial<FakePr> = {}): FakePr {
  const dir = join(import.meta.dirname, "../../fixtures/prs", name);
  return {
    owner: "Codertocat",
    repo: "Hello-World",
    number: 2,
    baseSha: SHA.base,
    headSha: SHA.head,
    mergeBase: SHA.mergeBase,
    base: readTree(join(dir, "base")),
    head: readTree(join(dir, "head")),
    ...overrides,
  };
}

/** git's blob id. */
export function blobSha(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

export interface ListedFile {
  filename: string;
  status: string;
  sha: string | null;
  previous_filename?: string;
  patch?: string;
}

export function listedFiles(pr: FakePr): ListedFile[] {
  const renames = pr.renames ?? {};
  const renamedTo = new Map(Object.entries(renames).map(([from, to]) => [to, from]));
  const files: ListedFile[] = [];
  for (const [path, text] of pr.head) {
    const previous = renamedTo.get(path);
    const before = previous !== undefined ? pr.base.get(previous) : pr.base.get(path);
    if (previous === undefined && before === text) continue;
    const patch = unifiedPatch(before, text);
    files.push({
      filename: path,
      status: previous !== undefined ? "renamed" : before === undefined ? "added" : "modified",
      sha: blobSha(text),
      ...(previous !== undefined ? { previous_filename: previous } : {}),
      ...(patch ? { patch } : {}),
    });
  }
  for (const [path, text] of pr.base) {
    if (pr.head.has(path) || path in renames) continue;
    files.push({ filename: path, status: "removed", sha: null, patch: unifiedPatch(text, undefined) });
  }
  return files.sort((a, b) => a.filename.localeCompare(b.filename));
}

const CANDIDATE = /\.(tf|ya?ml|json|template)$/i;

function dirOf(path: string): string {
  const dir = posix.dirname(path);
  return dir === "." ? "" : dir;
}

function repoPath(pr: FakePr, rest: string): string {
  return `/repos/${pr.owner}/${pr.repo}${rest}`;
}

export function contentsPath(pr: FakePr, path: string): string {
  return repoPath(pr, `/contents/${encodeURIComponent(path)}`);
}

/** Registers every read the App makes to review `pr` (the reads only: no check run, no review); `delayFilesMs` slows the first. */
export function mockReads(scope: nock.Scope, pr: FakePr, options: { delayFilesMs?: number } = {}): void {
  const files = listedFiles(pr);
  scope
    .get(repoPath(pr, `/pulls/${pr.number}/files`))
    .query({ per_page: 100 })
    .delay(options.delayFilesMs ?? 0)
    .reply(200, files);
  const candidates = files.filter((f) => CANDIDATE.test(f.filename) || (f.previous_filename && CANDIDATE.test(f.previous_filename)));
  if (candidates.length === 0) return;
  scope
    .get(repoPath(pr, `/compare/${pr.baseSha}...${pr.headSha}`))
    .query({ per_page: 1 })
    .reply(200, { merge_base_commit: { sha: pr.mergeBase }, files: [] });

  const dirs = new Set<string>();
  for (const f of candidates) for (const p of [f.filename, f.previous_filename]) if (p?.endsWith(".tf")) dirs.add(dirOf(p));
  const sides = { base: { tree: pr.base, ref: pr.mergeBase }, head: { tree: pr.head, ref: pr.headSha } };
  const blobs = new Map<string, string>();
  for (const side of Object.values(sides)) {
    for (const dir of dirs) {
      const entries = [...side.tree].filter(([path]) => dirOf(path) === dir);
      const path = repoPath(pr, `/contents/${encodeURIComponent(dir)}`);
      if (entries.length === 0) scope.get(path).query({ ref: side.ref }).reply(404, { message: "Not Found" });
      else
        scope
          .get(path)
          .query({ ref: side.ref })
          .reply(
            200,
            entries.map(([p, text]) => ({ type: "file", name: posix.basename(p), path: p, sha: blobSha(text), size: Buffer.byteLength(text) })),
          );
      const changedHere = (p: string) => candidates.some((f) => f.filename === p || f.previous_filename === p);
      for (const [p, text] of entries) if (p.endsWith(".tf") || changedHere(p)) blobs.set(blobSha(text), text);
    }
  }
  // Changed files outside those directories: the head side by blob, the base side by path at the merge base.
  for (const f of candidates) {
    for (const p of [f.filename, f.previous_filename]) {
      if (p === undefined || dirs.has(dirOf(p))) continue;
      const head = pr.head.get(p);
      if (head !== undefined && p === f.filename) blobs.set(blobSha(head), head);
      const base = pr.base.get(p);
      if (base !== undefined && (p === f.previous_filename || !["added", "renamed", "copied"].includes(f.status))) {
        scope.get(contentsPath(pr, p)).query({ ref: pr.mergeBase }).reply(200, base, { "content-type": "text/plain; charset=utf-8" });
      }
    }
  }
  for (const [sha, text] of blobs) {
    scope.get(repoPath(pr, `/git/blobs/${sha}`)).reply(200, { sha, encoding: "base64", content: Buffer.from(text).toString("base64"), size: Buffer.byteLength(text) });
  }
  if (pr.config !== undefined) {
    scope.get(contentsPath(pr, ".github/iam-review.yml")).query({ ref: pr.baseSha }).reply(200, pr.config, { "content-type": "text/plain; charset=utf-8" });
  } else {
    scope.get(contentsPath(pr, ".github/iam-review.yml")).query({ ref: pr.baseSha }).reply(404, { message: "Not Found" });
    scope.get(`/repos/${pr.owner}/.github/contents/${encodeURIComponent(".github/iam-review.yml")}`).reply(404, { message: "Not Found" });
  }
}

// A fake GitHub Enterprise Server API (a real HTTP server on 127.0.0.1, under /api/v3) for the end-to-end
// test. It keeps what the App posts, serves pull requests made of file trees, and — like GitHub — refuses
// a review comment whose lines are not in the diff with a 422.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { posix } from "node:path";
import { blobSha, listedFiles, type FakePr, type ListedFile } from "./fake-pr.js";

export interface Posted {
  checkRuns: { id: number; create: any; updates: any[] }[];
  reviews: { pull: number; body: any }[];
  reviewComments: { id: number; pull: number; path: string; line: number; start_line?: number; body: string; node_id: string; user: { login: string; type: string } }[];
  issueComments: { issue: number; body: string }[];
  reactions: { comment: number; content: string }[];
  rejected: { path: string; body: any }[];
  unexpected: string[];
}

/** A failure the fake injects, for the first `times` (default 1) requests that match. */
export interface Fault {
  method: string;
  /** Matched against the path below /api/v3. */
  path: RegExp;
  /** The answer: a status (with headers and a message), or a connection reset without an answer. */
  status?: number;
  headers?: Record<string, string>;
  message?: string;
  reset?: boolean;
  /** The request is carried out before the failure is answered: its answer is lost, not its effect. */
  performed?: boolean;
  times?: number;
}

export interface FakeGitHub {
  url: string;
  host: string;
  posted: Posted;
  /** Faults still to inject; tests push more between scenarios. */
  faults: Fault[];
  /** Every request, as `METHOD /path`, in order. */
  requests: string[];
  close(): Promise<void>;
}

const BOT = { login: "iam-review[bot]", type: "Bot" };

export async function startFakeGitHub(options: { pulls: FakePr[]; permissions: Record<string, string>; faults?: Fault[] }): Promise<FakeGitHub> {
  const faults: Fault[] = [...(options.faults ?? [])];
  const requests: string[] = [];
  const posted: Posted = { checkRuns: [], reviews: [], reviewComments: [], issueComments: [], reactions: [], rejected: [], unexpected: [] };
  const pulls = new Map(options.pulls.map((pr) => [pr.number, { pr, files: listedFiles(pr) }]));
  const trees = new Map<string, Map<string, string>>();
  for (const { pr } of pulls.values()) {
    trees.set(pr.mergeBase, pr.base);
    trees.set(pr.headSha, pr.head);
    trees.set(pr.baseSha, pr.base);
  }
  const blobs = new Map<string, string>();
  for (const tree of trees.values()) for (const text of tree.values()) blobs.set(blobSha(text), text);

  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    req.on("end", () => {
      try {
        const body = raw ? JSON.parse(raw) : undefined;
        const path = new URL(req.url ?? "/", "http://fake").pathname.replace(/^\/api\/v3/, "");
        requests.push(`${req.method} ${path}`);
        const fault = faults.find((f) => f.method === req.method && f.path.test(path) && (f.times ?? 1) > 0);
        if (!fault) return route(req, res, body);
        fault.times = (fault.times ?? 1) - 1;
        if (fault.performed) route(req, discard(), body);
        if (fault.reset) return void req.socket.destroy();
        res.writeHead(fault.status ?? 502, { "content-type": "application/json; charset=utf-8", ...fault.headers });
        res.end(JSON.stringify({ message: fault.message ?? "Bad Gateway" }));
      } catch (error) {
        send(res, 500, { message: String(error) });
      }
    });
  });

  function route(req: IncomingMessage, res: ServerResponse, body: any): void {
    const url = new URL(req.url ?? "/", "http://fake");
    const path = url.pathname.replace(/^\/api\/v3/, "");
    const method = req.method ?? "GET";
    let m: RegExpExecArray | null;
    if (method === "POST" && /^\/app\/installations\/\d+\/access_tokens$/.test(path)) return send(res, 201, { token: "fake-token", expires_at: "2999-01-01T00:00:00Z" });
    if (method === "POST" && path === "/graphql") return graphql(res, body);
    if (!(m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)$/.exec(path))) return unexpected(res, method, path);
    const [, , repo, rest] = m;
    if (repo !== "Hello-World") return send(res, 404, { message: "Not Found" });

    if (method === "POST" && rest === "/check-runs") {
      const id = 1000 + posted.checkRuns.length;
      posted.checkRuns.push({ id, create: body, updates: [] });
      return send(res, 201, { id, app: { id: 123, slug: "iam-review" } });
    }
    if (method === "GET" && (m = /^\/check-runs\/(\d+)$/.exec(rest))) {
      const run = posted.checkRuns.find((r) => r.id === Number(m?.[1]));
      return run ? send(res, 200, checkRun(run)) : send(res, 404, { message: "Not Found" });
    }
    if (method === "GET" && (m = /^\/commits\/([0-9a-f]{40})\/check-runs$/.exec(rest))) {
      const runs = posted.checkRuns.filter((r) => r.create.head_sha === m?.[1] && r.create.name === url.searchParams.get("check_name"));
      return send(res, 200, { total_count: runs.length, check_runs: runs.map(checkRun) });
    }
    if (method === "PATCH" && (m = /^\/check-runs\/(\d+)$/.exec(rest))) {
      posted.checkRuns.find((r) => r.id === Number(m?.[1]))?.updates.push(body);
      return send(res, 200, {});
    }
    if ((m = /^\/pulls\/(\d+)(\/.*)?$/.exec(rest))) {
      const pull = pulls.get(Number(m[1]));
      if (!pull) return send(res, 404, { message: "Not Found" });
      const sub = m[2] ?? "";
      const number = pull.pr.number;
      if (method === "GET" && sub === "") return send(res, 200, { number, state: "open", head: { sha: pull.pr.headSha }, base: { sha: pull.pr.baseSha }, changed_files: pull.files.length });
      if (method === "GET" && sub === "/files") return send(res, 200, pull.files);
      if (method === "GET" && sub === "/comments") return send(res, 200, posted.reviewComments.filter((c) => c.pull === number));
      if (method === "GET" && sub === "/reviews") return send(res, 200, posted.reviews.filter((r) => r.pull === number).map((r, i) => ({ id: i + 1, user: BOT, body: r.body.body })));
      if (method === "POST" && sub === "/reviews") {
        const bad = (body.comments ?? []).filter((c: any) => !inDiff(pull.files, c));
        if (bad.length > 0) return reject(res, rest, body);
        posted.reviews.push({ pull: number, body });
        for (const c of body.comments ?? []) addComment(number, c);
        return send(res, 200, { id: posted.reviews.length });
      }
      if (method === "POST" && sub === "/comments") {
        if (!inDiff(pull.files, body)) return reject(res, rest, body);
        return send(res, 201, addComment(number, body));
      }
    }
    if (method === "GET" && (m = /^\/compare\/([0-9a-f]+)\.\.\.([0-9a-f]+)$/.exec(rest))) {
      const pull = [...pulls.values()].find((p) => p.pr.baseSha === m?.[1] && p.pr.headSha === m?.[2]);
      return pull ? send(res, 200, { merge_base_commit: { sha: pull.pr.mergeBase }, files: pull.files }) : send(res, 404, { message: "Not Found" });
    }
    if (method === "GET" && (m = /^\/contents\/?(.*)$/.exec(rest))) {
      const tree = trees.get(url.searchParams.get("ref") ?? "");
      const file = decodeURIComponent(m[1]);
      if (!tree) return send(res, 404, { message: "No commit found for the ref" });
      const text = tree.get(file);
      if (text !== undefined) {
        res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
        return void res.end(text);
      }
      const listing = [...tree].filter(([p]) => (posix.dirname(p) === "." ? "" : posix.dirname(p)) === file);
      if (listing.length === 0) return send(res, 404, { message: "Not Found" });
      return send(res, 200, listing.map(([p, t]) => ({ type: "file", name: posix.basename(p), path: p, sha: blobSha(t), size: Buffer.byteLength(t) })));
    }
    if (method === "GET" && (m = /^\/git\/blobs\/([0-9a-f]{40})$/.exec(rest))) {
      const text = blobs.get(m[1]);
      return text === undefined ? send(res, 404, { message: "Not Found" }) : send(res, 200, { sha: m[1], encoding: "base64", content: Buffer.from(text).toString("base64") });
    }
    if (method === "GET" && (m = /^\/collaborators\/([^/]+)\/permission$/.exec(rest))) {
      const permission = options.permissions[m[1]];
      return permission ? send(res, 200, { permission, role_name: permission }) : send(res, 404, { message: "Not Found" });
    }
    if (method === "POST" && (m = /^\/issues\/comments\/(\d+)\/reactions$/.exec(rest))) {
      posted.reactions.push({ comment: Number(m[1]), content: body.content });
      return send(res, 201, {});
    }
    if (method === "GET" && (m = /^\/issues\/(\d+)\/comments$/.exec(rest))) {
      const issue = Number(m[1]);
      return send(res, 200, posted.issueComments.filter((c) => c.issue === issue).map((c, i) => ({ id: i + 1, body: c.body, user: BOT, performed_via_github_app: { id: 123 } })));
    }
    if (method === "POST" && (m = /^\/issues\/(\d+)\/comments$/.exec(rest))) {
      posted.issueComments.push({ issue: Number(m[1]), body: body.body });
      return send(res, 201, { id: posted.issueComments.length });
    }
    unexpected(res, method, path);
  }

  function checkRun(run: Posted["checkRuns"][number]) {
    const completed = run.updates.some((u) => u.status === "completed");
    const annotations = run.updates.reduce((n, u) => n + (u.output?.annotations?.length ?? 0), 0);
    return {
      id: run.id,
      head_sha: run.create.head_sha,
      external_id: run.create.external_id,
      status: completed ? "completed" : "in_progress",
      app: { id: 123, slug: "iam-review" },
      output: { annotations_count: annotations },
    };
  }

  function addComment(pull: number, c: any) {
    const id = 5000 + posted.reviewComments.length;
    const comment = { id, node_id: `RC_${id}`, pull, path: c.path, line: c.line, start_line: c.start_line, body: c.body, user: BOT };
    posted.reviewComments.push(comment);
    return comment;
  }

  function graphql(res: ServerResponse, body: any): void {
    // Our comments' threads; nothing in the scenarios needs resolving, so an unexpected mutation is recorded.
    if (String(body.query).includes("reviewThreads")) {
      const nodes = posted.reviewComments.map((c) => ({ id: `T_${c.id}`, isResolved: false, comments: { totalCount: 1, nodes: [{ databaseId: c.id }] } }));
      return send(res, 200, { data: { repository: { pullRequest: { reviewThreads: { pageInfo: { hasNextPage: false, endCursor: null }, nodes } } } } });
    }
    unexpected(res, "POST", `/graphql ${String(body.query).slice(0, 40)}`);
  }

  function reject(res: ServerResponse, path: string, body: any): void {
    posted.rejected.push({ path, body });
    send(res, 422, { message: "Unprocessable Entity", errors: ["Pull request review thread line must be part of the diff"] });
  }

  function unexpected(res: ServerResponse, method: string, path: string): void {
    posted.unexpected.push(`${method} ${path}`);
    send(res, 404, { message: "Not Found" });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    posted,
    faults,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A response that goes nowhere: the request is carried out, its answer is lost. */
function discard(): ServerResponse {
  return { writeHead: () => undefined, end: () => undefined } as unknown as ServerResponse;
}

/** GitHub's rule: RIGHT-side lines of one hunk (added or context), start_line before line. */
export function inDiff(files: ListedFile[], comment: { path: string; line: number; side?: string; start_line?: number }): boolean {
  const file = files.find((f) => f.filename === comment.path);
  if (!file?.patch || (comment.side ?? "RIGHT") !== "RIGHT") return false;
  const hunkOf = new Map<number, number>();
  let hunk = -1;
  let line = 0;
  for (const text of file.patch.split("\n")) {
    const header = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (header) {
      hunk++;
      line = Number(header[1]);
    } else if (text.startsWith("+") || text.startsWith(" ")) {
      hunkOf.set(line++, hunk);
    }
  }
  const end = hunkOf.get(comment.line);
  if (end === undefined) return false;
  if (comment.start_line === undefined) return true;
  return comment.start_line < comment.line && hunkOf.get(comment.start_line) === end;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

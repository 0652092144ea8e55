// PR review: the App (Probot, as deployed) reviews pull requests of 1, 20 and 200 changed Terraform files
// against the fake GitHub server of the end-to-end test (test/github/helpers, a real HTTP server on
// 127.0.0.1), with Octokit's write throttling and retries off. Measured: the time from the signed webhook to
// the completed check run (and to the posted review), and every API call by method and route.
//
// Writes are what a reviewer waits for in production: Probot spaces writes ≥ 1 s apart (≥ 3 s for reviews),
// so the write count, not the milliseconds here, is the latency with throttling on.

import { createHmac, generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { Probot, ProbotOctokit } from "probot";
import { createApp } from "../src/github/app.js";
import { startFakeGitHub, type FakeGitHub } from "../test/github/helpers/fake-github.js";
import type { FakePr } from "../test/github/helpers/fake-pr.js";

export interface PrReviewResult {
  files: number;
  /** Findings the review reported (annotations on the check run). */
  annotations: number;
  runs: number;
  /** Webhook received → check run completed, per run (ms). */
  checkRunMs: number[];
  /** Webhook received → handler finished (review posted), per run (ms). */
  reviewMs: number[];
  /** API calls of one review by `METHOD /route/{template}`. */
  calls: Record<string, number>;
  reads: number;
  writes: number;
  /** Installation-token requests (cached for an hour: 0 once warm). */
  auth: number;
}

const SECRET = "bench-secret";
const OWNER = "bench";
const REPO = "Hello-World"; // the fake serves this repository name
const FILES_PER_MODULE = 10;

/** One changed file: a policy whose head version is harmless, an admin grant, or a typo — by index. */
function policyFile(index: number, side: "base" | "head"): string {
  const kind = index % 3;
  const statement =
    side === "base" || kind === 2
      ? `{ Sid = "Read${index}", Effect = "Allow", Action = ["s3:GetObject"], Resource = ["arn:aws:s3:::bucket-${index}/*"] }`
      : kind === 0
        ? `{ Sid = "Admin${index}", Effect = "Allow", Action = ["*"], Resource = ["*"] }`
        : `{ Sid = "Read${index}", Effect = "Allow", Action = ["s3:GetObjcet", "s3:ListBucket"], Resource = ["arn:aws:s3:::bucket-${index}", "arn:aws:s3:::bucket-${index}/*"] }`;
  return `resource "aws_iam_policy" "p${index}" {
  name        = "p${index}"
  description = "synthetic policy ${index}${side === "head" ? " (changed)" : ""}"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [${statement}]
  })
}
`;
}

/** A pull request changing `files` Terraform files, ten per module directory. */
export function syntheticPr(files: number, number: number): FakePr {
  const base = new Map<string, string>();
  const head = new Map<string, string>();
  for (let i = 0; i < files; i++) {
    const path = `modules/m${String(Math.floor(i / FILES_PER_MODULE)).padStart(3, "0")}/policy${String(i).padStart(4, "0")}.tf`;
    base.set(path, policyFile(i, "base"));
    head.set(path, policyFile(i, "head"));
  }
  const sha = (seed: string) => createHmac("sha1", "bench").update(`${seed}-${files}`).digest("hex");
  return { owner: OWNER, repo: REPO, number, baseSha: sha("base"), headSha: sha("head"), mergeBase: sha("merge-base"), base, head };
}

/**
 * In front of the fake: GitHub's pagination of a pull request's files (≤ 100 a page, a Link header), which the
 * fake does not do, so that a 200-file pull request costs the two listing requests it costs on GitHub.
 */
async function paginatingProxy(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", async () => {
      const url = new URL(req.url ?? "/", target);
      const upstream = await fetch(`${target}${url.pathname}${url.search}`, {
        method: req.method,
        headers: { "content-type": "application/json", accept: req.headers.accept ?? "*/*" },
        ...(body ? { body } : {}),
      });
      const bytes = Buffer.from(await upstream.arrayBuffer());
      const headers: Record<string, string> = { "content-type": upstream.headers.get("content-type") ?? "application/json" };
      if (req.method === "GET" && /\/pulls\/\d+\/files$/.test(url.pathname) && upstream.ok) {
        const all = JSON.parse(bytes.toString()) as unknown[];
        const perPage = Math.min(100, Number(url.searchParams.get("per_page") ?? 30));
        const page = Number(url.searchParams.get("page") ?? 1);
        const last = Math.max(1, Math.ceil(all.length / perPage));
        if (page < last) {
          const next = new URL(url.toString());
          next.searchParams.set("page", String(page + 1));
          headers.link = `<http://${req.headers.host}${next.pathname}${next.search}>; rel="next", <http://${req.headers.host}${next.pathname}?per_page=${perPage}&page=${last}>; rel="last"`;
        }
        res.writeHead(upstream.status, headers);
        return void res.end(JSON.stringify(all.slice((page - 1) * perPage, page * perPage)));
      }
      res.writeHead(upstream.status, headers);
      res.end(bytes);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** `GET /repos/{owner}/{repo}/pulls/{pull_number}/files`: Octokit's route template, or one rebuilt from a next-page URL. */
function routeOf(method: string, url: string): string {
  if (!/^https?:/.test(url)) return `${method} ${url}`;
  const path = new URL(url).pathname
    .replace(/^\/api\/v3/, "")
    .replace(/^\/repos\/[^/]+\/[^/]+/, "/repos/{owner}/{repo}")
    .replace(/\/pulls\/\d+/, "/pulls/{pull_number}");
  return `${method} ${path}`;
}

/** How a call counts: an installation token, a read, or a write (what Probot's throttling paces: all but GET). */
export function callKind(route: string): "auth" | "read" | "write" {
  return /\/access_tokens$/.test(route) ? "auth" : route.startsWith("GET ") ? "read" : "write";
}

interface Recorder {
  calls: Record<string, number>;
  /** Set when the request completing the check run has been answered. */
  completedAt?: number;
}

const recorder: Recorder = { calls: {} };

/** Counts every request a Probot Octokit makes, and notes when the check run was completed. */
const countingPlugin = (octokit: { hook: { wrap: (name: "request", fn: (request: any, options: any) => Promise<any>) => void } }) => {
  octokit.hook.wrap("request", async (request, options) => {
    const route = routeOf(String(options.method), String(options.url));
    recorder.calls[route] = (recorder.calls[route] ?? 0) + 1;
    const response = await request(options);
    if (options.method === "PATCH" && String(options.url).includes("check-runs") && options.status === "completed") {
      recorder.completedAt = performance.now();
    }
    return response;
  });
};

export async function benchPrReview(options: { smoke: boolean }): Promise<PrReviewResult[]> {
  const sizes = options.smoke ? [1] : [1, 20, 200];
  const runsOf = (files: number) => (options.smoke ? 1 : files >= 200 ? 5 : 10);
  let number = 1;
  const plan = sizes.map((files) => ({ files, prs: Array.from({ length: runsOf(files) }, () => syntheticPr(files, number++)) }));
  const warmUp = options.smoke ? [] : [syntheticPr(20, number++), syntheticPr(20, number++)];
  const github: FakeGitHub = await startFakeGitHub({ pulls: [...warmUp, ...plan.flatMap((p) => p.prs)], permissions: {} });
  const proxy = await paginatingProxy(github.url);
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  const probot = new Probot({
    appId: 1,
    privateKey,
    secret: SECRET,
    baseUrl: `${proxy.url}/api/v3`,
    logLevel: "fatal",
    // The function form: Probot's own throttle options would otherwise switch throttling back on.
    Octokit: ProbotOctokit.plugin(countingPlugin).defaults((o: any) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } })),
  });
  await probot.load(createApp({ appId: 1, docsBaseUrl: "https://example.invalid/docs/rules" }));
  await probot.ready();
  let delivery = 0;
  const review = async (pr: FakePr): Promise<{ checkRunMs: number; reviewMs: number; calls: Record<string, number> }> => {
    const payload = JSON.stringify({
      action: "opened",
      number: pr.number,
      pull_request: { number: pr.number, head: { sha: pr.headSha }, base: { sha: pr.baseSha }, changed_files: pr.head.size },
      repository: { name: pr.repo, owner: { login: pr.owner }, full_name: `${pr.owner}/${pr.repo}` },
      installation: { id: 1 },
      sender: { login: "octocat", type: "User" },
    });
    const signature = `sha256=${createHmac("sha256", SECRET).update(payload).digest("hex")}`;
    recorder.calls = {};
    recorder.completedAt = undefined;
    const start = performance.now();
    await probot.webhooks.verifyAndReceive({ id: `bench-${++delivery}`, name: "pull_request", signature, payload });
    const end = performance.now();
    if (recorder.completedAt === undefined) throw new Error(`the check run of #${pr.number} was not completed`);
    return { checkRunMs: recorder.completedAt - start, reviewMs: end - start, calls: recorder.calls };
  };
  try {
    // JIT, the parsers' WebAssembly, the action catalogue and the installation token are warm before measuring.
    for (const pr of warmUp) await review(pr);
    const results: PrReviewResult[] = [];
    for (const { files, prs } of plan) {
      const measured = [];
      for (const pr of prs) measured.push(await review(pr));
      const calls = measured[0].calls;
      const sorted = Object.fromEntries(Object.entries(calls).sort(([a], [b]) => a.localeCompare(b)));
      const run = github.posted.checkRuns.find((r) => r.create.head_sha === prs[0].headSha);
      const annotations = (run?.updates ?? []).reduce((sum, u) => sum + (u.output?.annotations?.length ?? 0), 0);
      const count = (kind: "read" | "write" | "auth") =>
        Object.entries(calls)
          .filter(([route]) => callKind(route) === kind)
          .reduce((sum, [, n]) => sum + n, 0);
      results.push({
        files,
        annotations,
        runs: measured.length,
        checkRunMs: measured.map((m) => m.checkRunMs),
        reviewMs: measured.map((m) => m.reviewMs),
        calls: sorted,
        reads: count("read"),
        writes: count("write"),
        auth: count("auth"),
      });
    }
    if (github.posted.unexpected.length > 0) throw new Error(`the fake GitHub was asked for: ${github.posted.unexpected.join(", ")}`);
    return results;
  } finally {
    await proxy.close();
    await github.close();
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

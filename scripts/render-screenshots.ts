// Renders the README's pictures of a review: (a) the `iam-review` check run's summary and (b) an inline review
// comment, as GitHub shows them, from what the App really posts for a fixture pull request (the review runs
// through src/github/review-job.ts against the end-to-end test's fake GitHub). Markdown → HTML with `marked`,
// screenshots with Debian's Chromium through playwright-core (never a downloaded browser).
//
//   npx tsx scripts/render-screenshots.ts          writes docs/images/{check-run-summary,review-comment}.png
//                                                  and docs/images/inputs.sha256
//   npx tsx scripts/render-screenshots.ts --check  exit 1 when the images are stale (their inputs changed)
//
// Not run in CI (no browser there); test/meta/screenshots.test.ts compares the recorded hash with the inputs.

import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Octokit } from "@octokit/rest";
import { marked } from "marked";
import { runReview, startCheckRun } from "../src/github/review-job.js";
import { startFakeGitHub } from "../test/github/helpers/fake-github.js";
import { fixturePr, listedFiles } from "../test/github/helpers/fake-pr.js";

const repo = join(import.meta.dirname, "..");
const images = join(repo, "docs/images");
export const HASH_FILE = join(images, "inputs.sha256");
const FIXTURE = "trust-widened";
const DOCS = "https://github.com/iam-review/iam-review/blob/main/docs/rules";
const CHROMIUM = "/usr/bin/chromium";

export interface ScreenshotInputs {
  fixture: string;
  checkRun: { conclusion: string; title: string; summary: string };
  comment: { path: string; line: number; startLine?: number; body: string };
  /** The diff hunk GitHub shows above the comment. */
  patch: string;
}

/** Reviews the fixture as the App does and returns what it posted: the pictures are made of exactly this. */
export async function screenshotInputs(): Promise<ScreenshotInputs> {
  const pr = fixturePr(FIXTURE);
  const github = await startFakeGitHub({ pulls: [pr], permissions: {} });
  try {
    const quiet = () => {};
    const gh = new Octokit({ baseUrl: `${github.url}/api/v3`, log: { debug: quiet, info: quiet, warn: quiet, error: quiet } });
    const request = { kind: "pull_request" as const, owner: pr.owner, repo: pr.repo, pullNumber: pr.number, headSha: pr.headSha, baseSha: pr.baseSha };
    const run = await startCheckRun(gh, request);
    const outcome = await runReview(gh, request, run, { docsBaseUrl: DOCS, log: { info: quiet, warn: quiet, error: quiet } });
    const completed = github.posted.checkRuns[0]?.updates.at(-1);
    const comment = github.posted.reviewComments[0];
    if (outcome.status !== "completed" || !completed || !comment) throw new Error(`the ${FIXTURE} review posted no check run summary or no comment`);
    const patch = listedFiles(pr).find((f) => f.filename === comment.path)?.patch ?? "";
    return {
      fixture: FIXTURE,
      checkRun: { conclusion: completed.conclusion, title: completed.output.title, summary: completed.output.summary },
      comment: { path: comment.path, line: comment.line, ...(comment.start_line ? { startLine: comment.start_line } : {}), body: comment.body },
      patch,
    };
  } finally {
    await github.close();
  }
}

/** What the images depend on: the posted Markdown, this script (its HTML and CSS) and the Markdown renderer. */
export function inputsHash(inputs: ScreenshotInputs): string {
  const markedVersion = (JSON.parse(readFileSync(join(repo, "node_modules/marked/package.json"), "utf8")) as { version: string }).version;
  return createHash("sha256")
    .update(JSON.stringify(inputs))
    .update(readFileSync(import.meta.filename))
    .update(markedVersion)
    .digest("hex");
}

// ------------------------------------------------------------------------------------------------ HTML

const CSS = `
  * { box-sizing: border-box; }
  body { margin: 0; padding: 24px; background: #f6f8fa; color: #1f2328;
    font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", "DejaVu Sans", Helvetica, Arial, sans-serif, "Noto Color Emoji"; }
  .card { width: 980px; background: #fff; border: 1px solid #d0d7de; border-radius: 6px; overflow: hidden; }
  .head { display: flex; align-items: center; gap: 10px; padding: 12px 16px; border-bottom: 1px solid #d0d7de; background: #f6f8fa; }
  .app { width: 28px; height: 28px; border-radius: 6px; background: #bc4c00; color: #fff; font-weight: 600;
    display: flex; align-items: center; justify-content: center; font-size: 13px; }
  .name { font-weight: 600; font-size: 16px; }
  .status { margin-left: auto; font-size: 12px; font-weight: 600; padding: 2px 8px; border-radius: 2em; }
  .failure { color: #d1242f; border: 1px solid #d1242f; } .success { color: #1a7f37; border: 1px solid #1a7f37; }
  .neutral { color: #59636e; border: 1px solid #59636e; }
  .title { padding: 12px 16px 0; font-size: 20px; font-weight: 400; }
  .markdown-body { padding: 8px 16px 16px; }
  .markdown-body h3 { font-size: 16px; margin: 20px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #d8dee4; }
  .markdown-body h4 { font-size: 14px; margin: 16px 0 8px; }
  .markdown-body table { border-collapse: collapse; margin: 8px 0 12px; max-width: 100%; }
  .markdown-body th, .markdown-body td { border: 1px solid #d0d7de; padding: 6px 13px; overflow-wrap: break-word; }
  .markdown-body th { font-weight: 600; background: #f6f8fa; }
  .markdown-body tr:nth-child(2n) td { background: #f6f8fa; }
  .markdown-body code { font: 12px ui-monospace, SFMono-Regular, "DejaVu Sans Mono", Menlo, monospace; background: #eff1f3; padding: .2em .4em; border-radius: 6px; }
  .markdown-body pre { background: #f6f8fa; padding: 12px 16px; border-radius: 6px; overflow: auto; }
  .markdown-body pre code { background: none; padding: 0; }
  .markdown-body a { color: #0969da; text-decoration: none; }
  .markdown-body ul { padding-left: 2em; }
  .file { padding: 8px 16px; font: 12px ui-monospace, "DejaVu Sans Mono", monospace; border-bottom: 1px solid #d0d7de; background: #f6f8fa; }
  table.diff { width: 100%; border-collapse: collapse; font: 12px/20px ui-monospace, "DejaVu Sans Mono", monospace; }
  table.diff td { padding: 0 8px; white-space: pre; }
  table.diff td.num { width: 1%; color: #59636e; text-align: right; }
  tr.add td { background: #dafbe1; } tr.add td.num { background: #aceebb; }
  tr.del td { background: #ffebe9; } tr.del td.num { background: #ffcecb; }
  tr.hunk td { background: #ddf4ff; color: #59636e; }
  .thread { margin: 8px 16px 16px; border: 1px solid #d0d7de; border-radius: 6px; }
  .who { display: flex; align-items: center; gap: 8px; padding: 8px 12px; border-bottom: 1px solid #d0d7de; background: #f6f8fa; }
  .bot { font-size: 12px; border: 1px solid #d0d7de; border-radius: 2em; padding: 0 6px; color: #59636e; }
  .suggestion { border: 1px solid #d0d7de; border-radius: 6px; overflow: hidden; margin: 8px 0; }
  .suggestion .label { padding: 6px 12px; background: #f6f8fa; border-bottom: 1px solid #d0d7de; font-size: 12px; font-weight: 600; }
`;

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function markdown(text: string): string {
  const html = marked.parse(text, { async: false, gfm: true });
  // GitHub shows a ```suggestion block as a proposed change; the Mermaid block stays code, as the brief allows.
  return html.replace(
    /<pre><code class="language-suggestion">([\s\S]*?)<\/code><\/pre>/g,
    (_, code: string) =>
      `<div class="suggestion"><div class="label">Suggested change</div><table class="diff">${code
        .replace(/\n$/, "")
        .split("\n")
        .map((line) => `<tr class="add"><td class="num"></td><td>+ ${line}</td></tr>`)
        .join("")}</table></div>`,
  );
}

function page(body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>${CSS}</style></head><body>${body}</body></html>`;
}

export function checkRunHtml(inputs: ScreenshotInputs): string {
  const { conclusion, title, summary } = inputs.checkRun;
  return page(`<div class="card" id="shot">
  <div class="head"><div class="app">IAM</div><div class="name">iam-review</div><div class="status ${escapeHtml(conclusion)}">${escapeHtml(conclusion)}</div></div>
  <div class="title">${escapeHtml(title)}</div>
  <div class="markdown-body">${markdown(summary)}</div>
</div>`);
}

/** The hunk lines up to the commented line (GitHub shows the last few above the thread). */
function diffRows(patch: string, line: number): string {
  const rows: string[] = [];
  let oldLine = 0;
  let newLine = 0;
  for (const text of patch.split("\n")) {
    const header = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (header) {
      oldLine = Number(header[1]);
      newLine = Number(header[2]);
      rows.push(`<tr class="hunk"><td class="num"></td><td class="num"></td><td>${escapeHtml(text)}</td></tr>`);
      continue;
    }
    const kind = text.startsWith("+") ? "add" : text.startsWith("-") ? "del" : "ctx";
    const left = kind === "add" ? "" : String(oldLine++);
    const right = kind === "del" ? "" : String(newLine++);
    rows.push(`<tr class="${kind}"><td class="num">${left}</td><td class="num">${right}</td><td>${escapeHtml(text)}</td></tr>`);
    if (kind !== "del" && newLine - 1 === line) break;
  }
  return rows.slice(-8).join("");
}

export function commentHtml(inputs: ScreenshotInputs): string {
  const { path, line, body } = inputs.comment;
  return page(`<div class="card" id="shot">
  <div class="file">${escapeHtml(path)}</div>
  <table class="diff">${diffRows(inputs.patch, line)}</table>
  <div class="thread">
    <div class="who"><div class="app">IAM</div><b>iam-review</b><span class="bot">bot</span><span style="color:#59636e">commented</span></div>
    <div class="markdown-body">${markdown(body)}</div>
  </div>
</div>`);
}

// ------------------------------------------------------------------------------------------------ main

async function render(inputs: ScreenshotInputs): Promise<void> {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1060, height: 800 }, deviceScaleFactor: 2, offline: true });
    const shots: [string, string][] = [
      ["check-run-summary.png", checkRunHtml(inputs)],
      ["review-comment.png", commentHtml(inputs)],
    ];
    for (const [file, html] of shots) {
      const tab = await context.newPage();
      await tab.setContent(html, { waitUntil: "load" });
      await tab.locator("#shot").screenshot({ path: join(images, file) });
      await tab.close();
    }
  } finally {
    await browser.close();
  }
}

async function main(): Promise<number> {
  const inputs = await screenshotInputs();
  const hash = inputsHash(inputs);
  if (process.argv.includes("--check")) {
    const recorded = readFileSync(HASH_FILE, "utf8").trim();
    if (recorded === hash) return 0;
    process.stderr.write("docs/images are stale: run `npx tsx scripts/render-screenshots.ts` (needs Debian's chromium)\n");
    return 1;
  }
  await render(inputs);
  writeFileSync(HASH_FILE, `${hash}\n`);
  process.stdout.write(`wrote docs/images/check-run-summary.png, docs/images/review-comment.png (inputs ${hash.slice(0, 12)})\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main();

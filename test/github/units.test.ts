// The pure parts of the GitHub layer: the command grammar, commentable lines, comment planning (anchors,
// suggestions, the per-review cap, markers) and the per-pull-request queue.

import { describe, expect, it } from "vitest";
import { anchorRange, commentableLines } from "../../src/github/diff-lines.js";
import { parseCommand } from "../../src/github/commands/parse.js";
import { planComments, reviewBody, annotationsFor } from "../../src/github/payloads.js";
import { fingerprintOf, isOurs } from "../../src/github/publish/markers.js";
import { KeyedQueue } from "../../src/github/queue.js";
import type { ReviewResult } from "../../src/engine/review.js";
import type { Finding } from "../../src/rules/types.js";

describe("command grammar", () => {
  it.each([
    ["/iam-review rerun", { kind: "command", command: { kind: "rerun" } }],
    ["`/iam-review help`", { kind: "command", command: { kind: "help" } }],
    ["/iam-review", { kind: "command", command: { kind: "help" } }],
    [
      "/iam-review simulate iam:PassRole with iam:PassedToService=lambda.amazonaws.com as aws_iam_role.ci on arn:aws:iam::111122223333:role/app",
      {
        kind: "command",
        command: {
          kind: "simulate",
          request: { action: "iam:PassRole", resource: "arn:aws:iam::111122223333:role/app", principal: "aws_iam_role.ci", context: { "iam:PassedToService": "lambda.amazonaws.com" } },
        },
      },
    ],
    ["please /iam-review rerun", { kind: "none" }],
    ["/iam-reviewer rerun", { kind: "none" }],
  ])("%s", (body, expected) => expect(parseCommand(body)).toEqual(expected));

  it.each([
    ["/iam-review rerun now", "`rerun` takes no arguments"],
    ["/iam-review rerun\nplease", "a command must be the only line of its comment"],
    ["/iam-review deploy", "unknown command `deploy` (commands: rerun, simulate, help)"],
    ["/iam-review simulate", "`simulate` needs an action"],
    ["/iam-review simulate rm -rf /", "`rm` is not an action"],
    ["/iam-review simulate s3:GetObject on a on b", "`on` is given twice"],
    ["/iam-review simulate s3:GetObject with", "`with` needs at least one KEY=VALUE"],
    ["/iam-review simulate s3:GetObject with aws:SourceIp", "`aws:SourceIp` is not KEY=VALUE"],
    ['/iam-review simulate s3:GetObject as "my role"', "quotes are not supported"],
    ["/iam-review simulate s3:GetObject because", "unexpected `because`"],
  ])("%s is refused with a reason", (body, reason) => {
    const parsed = parseCommand(body);
    expect(parsed.kind).toBe("invalid");
    expect(parsed.kind === "invalid" && parsed.reason).toContain(reason);
  });

  it("refuses an overlong command", () => {
    expect(parseCommand(`/iam-review simulate s3:GetObject on ${"x".repeat(1000)}`)).toEqual({ kind: "invalid", reason: "a command is at most 1000 characters long" });
  });
});

const PATCH = ["@@ -1,3 +1,4 @@", " a", "-b", "+B", "+C", " d", "@@ -10,2 +11,3 @@", " x", "+y", " z"].join("\n");

describe("commentable lines", () => {
  const lines = commentableLines([{ path: "main.tf", patch: PATCH }, { path: "image.png" }]);
  it("are the head-side lines of the hunks, by hunk", () => {
    expect([...(lines.get("main.tf") ?? [])]).toEqual([[1, 0], [2, 0], [3, 0], [4, 0], [11, 1], [12, 1], [13, 1]]);
    expect(lines.has("image.png")).toBe(false);
  });
  it("anchor a range only inside one hunk, and a single line without start_line", () => {
    expect(anchorRange(lines, "main.tf", 2, 3)).toEqual({ startLine: 2, line: 3 });
    expect(anchorRange(lines, "main.tf", 3, 3)).toEqual({ line: 3 });
    expect(anchorRange(lines, "main.tf", 4, 11)).toBeUndefined();
    expect(anchorRange(lines, "main.tf", 6, 6)).toBeUndefined();
    expect(anchorRange(lines, "image.png", 1, 1)).toBeUndefined();
  });
});

function finding(over: Partial<Finding> & { line: number }): Finding {
  const { line, ...rest } = over;
  return {
    ruleId: "IAM102",
    name: "wildcard-action",
    severity: "error",
    messageId: "m",
    data: {},
    message: "`s3:*` allows every S3 action",
    at: { path: "main.tf", startLine: line, endLine: line },
    fingerprint: `fp${line}`,
    status: "new",
    ...rest,
  };
}

function result(findings: Finding[]): ReviewResult {
  const scan = { policies: [], attachments: [], resources: [], errors: [], files: [] };
  const side = { scan, findings: [], configProblems: [], suppressions: [], files: new Map() };
  return { findings, head: side, base: side, newSuppressions: [], trust: [], configProblems: [], reviewedFiles: ["main.tf"], conclusion: "failure", summary: "x" };
}

describe("comment planning", () => {
  const lines = commentableLines([{ path: "main.tf", patch: PATCH }]);
  const docs = "https://docs.example";

  it("comments only new findings on commentable lines, with a marker; a suggestion only when its lines are the anchor", () => {
    const plan = planComments(
      result([
        finding({ line: 2, fix: { at: { path: "main.tf", startLine: 2, endLine: 3 }, replacement: 'actions = ["s3:GetObject"]\n```\n' } }),
        finding({ line: 12, fix: { at: { path: "main.tf", startLine: 11, endLine: 14 }, replacement: "y" } }),
        finding({ line: 6 }),
        finding({ line: 13, status: "unchanged" }),
        finding({ line: 1, suppressed: { reason: "ok", at: { path: "main.tf", startLine: 1, endLine: 1 } } }),
      ]),
      lines,
      { docsBaseUrl: docs, commentOn: "new", alreadyPosted: new Set(["fp99"]) },
    );
    expect(plan.comments.map((c) => [c.fingerprint, c.startLine, c.line])).toEqual([
      ["fp2", 2, 3],
      ["fp12", undefined, 12],
    ]);
    expect(plan.comments[0].body).toContain('````suggestion\nactions = ["s3:GetObject"]\n```\n````');
    expect(plan.comments[1].body).not.toContain("suggestion");
    expect(fingerprintOf(plan.comments[1].body)).toBe("fp12");
  });

  it("never repeats a posted fingerprint; `all` adds pre-existing findings; `none` comments nothing", () => {
    const r = result([finding({ line: 2 }), finding({ line: 13, status: "unchanged" })]);
    expect(planComments(r, lines, { docsBaseUrl: docs, commentOn: "new", alreadyPosted: new Set(["fp2"]) }).comments).toEqual([]);
    expect(planComments(r, lines, { docsBaseUrl: docs, commentOn: "all" }).comments.map((c) => c.fingerprint)).toEqual(["fp2", "fp13"]);
    expect(planComments(r, lines, { docsBaseUrl: docs, commentOn: "none" }).comments).toEqual([]);
  });

  it("keeps errors first when the 30-comment cap applies, and the review body lists the rest", () => {
    const many = Array.from({ length: 35 }, (_, i) => finding({ line: 11 + (i % 3), fingerprint: `w${i}`, severity: i < 5 ? "warning" : "error" }));
    const plan = planComments(result(many), lines, { docsBaseUrl: docs, commentOn: "new" });
    expect(plan.comments).toHaveLength(30);
    expect(plan.comments.every((c) => c.body.startsWith("🔴"))).toBe(true);
    expect(plan.overflow).toHaveLength(5);
    const body = reviewBody({ headSha: "abc", summary: "s.", posted: 30, overflow: plan.overflow, rejected: [] });
    expect(body.startsWith("<!-- iam-review:review head=abc -->\n")).toBe(true);
    expect(body.split("\n").filter((l) => l.startsWith("- "))).toHaveLength(5);
  });

  it("annotation levels: error → failure, warning → warning, notice → notice; fixed and suppressed are left out", () => {
    const annotations = annotationsFor(
      result([
        finding({ line: 1, severity: "error" }),
        finding({ line: 2, severity: "warning", status: "unchanged" }),
        finding({ line: 3, severity: "notice" }),
        finding({ line: 4, status: "fixed" }),
        finding({ line: 5, suppressed: { at: { path: "main.tf", startLine: 5, endLine: 5 } } }),
      ]),
    );
    expect(annotations.map((a) => [a.start_line, a.annotation_level, a.title])).toEqual([
      [1, "failure", "IAM102 wildcard-action"],
      [2, "warning", "IAM102 wildcard-action (already on the base branch)"],
      [3, "notice", "IAM102 wildcard-action"],
    ]);
  });
});

describe("authorship", () => {
  it("a marker counts only on content this App wrote", () => {
    const identity = { appId: 123, botLogin: "iam-review[bot]" };
    expect(isOurs({ user: { login: "iam-review[bot]", type: "Bot" } }, identity)).toBe(true);
    expect(isOurs({ user: { login: "someone", type: "User" }, performed_via_github_app: { id: 123 } }, identity)).toBe(true);
    expect(isOurs({ user: { login: "iam-review[bot]", type: "User" } }, identity)).toBe(false);
    expect(isOurs({ user: { login: "other[bot]", type: "Bot" } }, identity)).toBe(false);
  });
});

describe("per pull request queue", () => {
  it("runs one job per key at a time and coalesces waiting jobs to the newest", async () => {
    const queue = new KeyedQueue();
    const events: string[] = [];
    let release: () => void = () => undefined;
    const blocker = new Promise<void>((resolve) => (release = resolve));
    const job = (name: string, wait?: Promise<void>) => ({
      run: async () => {
        events.push(`start ${name}`);
        await wait;
        events.push(`end ${name}`);
      },
      superseded: async () => {
        events.push(`superseded ${name}`);
      },
    });
    const a = queue.enqueue("pr#1", job("a", blocker));
    const b = queue.enqueue("pr#1", job("b"));
    const c = queue.enqueue("pr#1", job("c"));
    const other = queue.enqueue("pr#2", job("x"));
    await other;
    release();
    await Promise.all([a, b, c]);
    expect(events).toEqual(["start a", "superseded b", "start x", "end x", "end a", "start c", "end c"]);
  });
});

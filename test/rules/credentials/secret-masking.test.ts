// DESIGN.md "Secrets": no output format may print a secret the scan found. A review whose files hold real-shaped
// keys in every place IAM502 looks is rendered in every format the tool has — CLI text, JSON, SARIF, the diff
// text, Markdown, the check-run payload, annotations and inline review comments — and each output is searched
// for the unmasked key id and secret.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/engine/config.js";
import { reviewChange, type ReviewResult } from "../../../src/engine/review.js";
import { reviewScan, type ScanReview } from "../../../src/engine/review-scan.js";
import { maskSecret } from "../../../src/engine/secrets.js";
import { annotationsFor, checkRunOutput, planComments } from "../../../src/github/payloads.js";
import type { CommentableLines } from "../../../src/github/diff-lines.js";
import { scanSources } from "../../../src/iac/scan.js";
import { catalogue } from "../../../src/iam/catalogue.js";
import { renderJson } from "../../../src/reporters/json.js";
import { renderMarkdown } from "../../../src/reporters/markdown.js";
import { renderSarif } from "../../../src/reporters/sarif.js";
import { renderReviewText, renderText } from "../../../src/reporters/text.js";
import { rules } from "../../../src/rules/index.js";

const KEY_ID = "AKIAQ3EGUMRSXWPN7V4T";
const SECRET = "Xb9r2LmQ7tVz4Kp1Wc8Hn3Jd6Fs0Ga5Ye2Ru7Io9";
const DOCS = "https://example.test/docs/rules";

const FILES: Record<string, string> = {
  "main.tf": `provider "aws" {
  access_key = "${KEY_ID}"
  secret_key = "${SECRET}"
}

resource "aws_instance" "web" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  user_data     = "export AWS_SECRET_ACCESS_KEY=${SECRET}"
  metadata_options {
    http_tokens = "optional"
  }
}

resource "aws_iam_policy" "uses_key_as_text" {
  description = "rotates ${KEY_ID}"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "Rotate", Effect = "Allow", Action = "iam:UpdateAccessKey", Resource = "arn:aws:iam::111122223333:user/${KEY_ID}" }]
  })
}
`,
  "template.yaml": `Parameters:
  Key:
    Type: String
    Default: ${KEY_ID}
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::111122223333:role/fn
      Code: { ZipFile: "def handler(e, c): pass" }
      Environment:
        Variables:
          AWS_SECRET_ACCESS_KEY: ${SECRET}
`,
};

async function scanReview(): Promise<ScanReview> {
  const scan = await scanSources(Object.entries(FILES).map(([path, text]) => ({ path, text })), { read: (path) => FILES[path] });
  return reviewScan({ scan, files: new Map(Object.entries(FILES)), config: parseConfig(undefined).config, catalogue, rules });
}

async function changeReview(): Promise<ReviewResult> {
  return reviewChange(
    {
      base: new Map(),
      head: new Map(Object.entries(FILES)),
      changed: Object.keys(FILES).map((path) => ({ path, status: "added" as const })),
    },
    { config: parseConfig(undefined).config, catalogue, rules },
  );
}

/** Every line of every file is commentable, so every finding becomes an inline comment with its suggestion. */
function everyLine(): CommentableLines {
  const lines: CommentableLines = new Map();
  for (const [path, text] of Object.entries(FILES)) {
    lines.set(path, new Map(text.split("\n").map((_, index) => [index + 1, 0])));
  }
  return lines;
}

function expectMasked(name: string, output: string): void {
  expect(output.length, `${name} is not empty`).toBeGreaterThan(0);
  expect(output.includes(KEY_ID), `${name} contains the key id`).toBe(false);
  expect(output.includes(SECRET), `${name} contains the secret`).toBe(false);
}

describe("no output format prints a secret the scan found", () => {
  it("the scan review has IAM502 findings that show the masked forms", async () => {
    const review = await scanReview();
    const messages = review.findings.filter((f) => f.ruleId === "IAM502").map((f) => f.message);
    // provider (2), user data, description, policy resource, parameter default, environment variable.
    expect(messages.length).toBe(7);
    expect(messages.some((m) => m.includes(maskSecret(KEY_ID)))).toBe(true);
    expect(messages.some((m) => m.includes(maskSecret(SECRET)))).toBe(true);
  });

  it("scan: text, JSON and SARIF", async () => {
    const review = await scanReview();
    expectMasked("renderText", renderText(review));
    expectMasked("renderJson", renderJson(review));
    expectMasked("renderSarif", JSON.stringify(renderSarif(review.findings, rules, { toolVersion: "0.0.0", docsBaseUrl: DOCS, informationUri: DOCS })));
  });

  it("review of a change: text, Markdown, SARIF, check run, annotations and inline comments", async () => {
    const result = await changeReview();
    expect(result.findings.some((f) => f.ruleId === "IAM502" && f.status === "new")).toBe(true);
    expectMasked("renderReviewText", renderReviewText(result));
    expectMasked("renderMarkdown", renderMarkdown(result, { docsBaseUrl: DOCS }));
    expectMasked("renderSarif (diff)", JSON.stringify(renderSarif(result.findings, rules, { toolVersion: "0.0.0", docsBaseUrl: DOCS, informationUri: DOCS })));
    expectMasked("checkRunOutput", JSON.stringify(checkRunOutput(result, { docsBaseUrl: DOCS })));
    expectMasked("annotationsFor", JSON.stringify(annotationsFor(result)));
    const plan = planComments(result, everyLine(), { docsBaseUrl: DOCS, commentOn: "all" });
    expect(plan.comments.length).toBeGreaterThan(0);
    expectMasked("planComments", JSON.stringify(plan));
  });
});

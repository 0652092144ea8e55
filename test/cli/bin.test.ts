// The process boundary (src/cli/bin.ts) run as a child process, as a shell runs it.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "iam-review-bin-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Many findings (one admin policy per resource): a report far larger than a pipe's buffer.
const resources = Array.from({ length: 400 }, (_, index) => `resource "aws_iam_policy" "p${index}" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}`);
writeFileSync(join(dir, "main.tf"), resources.join("\n"));

/** Runs the CLI and reads `bytes` of its output, or all of it, then closes the pipe. */
function run(args: string[], bytes?: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", ...args], { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (bytes !== undefined && stdout.length >= bytes) child.stdout.destroy();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("iam-review as a process", () => {
  it("writes a large report whole through a pipe", async () => {
    const { code, stdout, stderr } = await run(["scan", dir, "--format", "json"]);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    expect(JSON.parse(stdout).policies).toHaveLength(400);
  }, 60_000);

  it("a reader that stops early (`| head`) ends the output quietly; the exit code is still the review's", async () => {
    const { code, stderr } = await run(["scan", dir, "--format", "json"], 1000);
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(1);
    const never = await run(["scan", dir, "--format", "json", "--fail-on", "never"], 1000);
    expect(never.code).toBe(0);
  }, 60_000);
});

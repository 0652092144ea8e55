// The runner's side of the conversation: workflow commands on stdout (::error::, ::warning::), step outputs
// in the GITHUB_OUTPUT file and the job summary in the GITHUB_STEP_SUMMARY file (Markdown, appended).

import { randomUUID } from "node:crypto";
import { appendFileSync } from "node:fs";
import type { Log } from "../review-job.js";

export interface ActionIo {
  stdout(text: string): void;
}

/** GitHub's escaping for a workflow command's message: it must stay on one line. */
export function escapeCommand(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function workflowCommand(name: "error" | "warning" | "notice", message: string): string {
  return `::${name}::${escapeCommand(message)}\n`;
}

/** The review code's log, as the runner shows it: errors and warnings become annotations of the job. */
export function workflowLog(io: ActionIo): Log {
  return {
    info: (message) => io.stdout(`${message}\n`),
    warn: (message) => io.stdout(workflowCommand("warning", message)),
    error: (message) => io.stdout(workflowCommand("error", message)),
  };
}

/** Appends step outputs; a value with a line break uses the heredoc form with a delimiter it cannot contain. */
export function writeOutputs(file: string | undefined, outputs: Record<string, string>): void {
  if (!file) return;
  const lines = Object.entries(outputs).map(([name, value]) => {
    if (!/[\r\n]/.test(value)) return `${name}=${value}\n`;
    const delimiter = `iam_review_${randomUUID()}`;
    return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  });
  appendFileSync(file, lines.join(""));
}

/** The job summary takes Markdown; several steps may write to it, so this appends. */
export function appendSummary(file: string | undefined, markdown: string): void {
  if (!file) return;
  appendFileSync(file, markdown.endsWith("\n") ? markdown : `${markdown}\n`);
}

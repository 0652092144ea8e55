// `/iam-review simulate`: the question, the answer's shape, and the reply that shows it. The simulation
// itself (resolving "the policies attached to aws_iam_role.x" on the head and evaluating) is injected, so
// this layer only parses, authorises and formats.

import type { ScanReview } from "../../engine/review-scan.js";
import { escapeMarkdown } from "../../reporters/markdown.js";
import type { DecisionValue } from "../../simulator/index.js";
import type { SimulateRequest } from "./parse.js";

export interface SimulationAnswer {
  decision: DecisionValue;
  /** The deciding statements: the Denies for an explicit deny, otherwise the Allows that applied. */
  matched: { effect: "Allow" | "Deny"; policy: string; sid?: string; path?: string; line?: number }[];
  /** What could change the decision but is not known statically. */
  undecided?: string[];
  /** Sentences: the verdict, then why. */
  explanation: string[];
  /** The principal whose policies were used, as the simulation resolved the address. */
  principal?: string;
}

export type SimulateCommand = (head: ScanReview, request: SimulateRequest) => Promise<SimulationAnswer>;

export interface LinkBase {
  /** `https://github.com/owner/repo` (or the GHES equivalent). */
  repositoryUrl: string;
  headSha: string;
}

const VERDICT: Record<DecisionValue, string> = {
  allowed: "✅ **Allowed**",
  explicitDeny: "⛔ **Denied** (explicit deny)",
  implicitDeny: "🚫 **Denied** (no statement allows it)",
};

export function formatSimulation(request: SimulateRequest, answer: SimulationAnswer, links: LinkBase): string {
  const context = Object.entries(request.context).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(",") : v}`);
  const question = [
    `\`${request.action}\``,
    request.resource ? `on \`${code(request.resource)}\`` : "on any resource",
    answer.principal ?? request.principal ? `as \`${code(answer.principal ?? request.principal ?? "")}\`` : "",
    context.length > 0 ? `with \`${code(context.join(" "))}\`` : "",
  ].filter((p) => p !== "");
  const lines = [`${VERDICT[answer.decision]}: ${question.join(" ")} (at ${links.headSha.slice(0, 7)})`, ""];
  if (answer.matched.length > 0) {
    lines.push(answer.decision === "explicitDeny" ? "Deciding statements (Deny):" : "Deciding statements:");
    for (const statement of answer.matched) {
      const name = `${statement.effect}${statement.sid ? ` \`${code(statement.sid)}\`` : ""} in \`${code(statement.policy)}\``;
      const where = statement.path !== undefined && statement.line !== undefined ? lineLink(links, statement.path, statement.line) : undefined;
      lines.push(`- ${where ? `[${name}](${where})` : name}`);
    }
    lines.push("");
  }
  if (answer.undecided && answer.undecided.length > 0) {
    lines.push("Undecided (these depend on values only known at deploy time):", ...answer.undecided.map((u) => `- ${escapeMarkdown(u)}`), "");
  }
  if (answer.explanation.length > 0) lines.push(...answer.explanation.map((e) => `> ${escapeMarkdown(e)}`));
  return `${lines.join("\n").trim()}\n`;
}

function lineLink(links: LinkBase, path: string, line: number): string {
  return `${links.repositoryUrl}/blob/${links.headSha}/${path.split("/").map(encodeURIComponent).join("/")}#L${line}`;
}

function code(text: string): string {
  return text.replace(/`/g, "'");
}

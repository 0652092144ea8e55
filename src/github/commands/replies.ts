// The short answers to comment commands. Each says what happened and, when refused, why.

import { COMMAND_PREFIX } from "./parse.js";

export function helpText(): string {
  return [
    "**iam-review commands** (one per comment, on its own line; for users with write, maintain or admin permission):",
    "",
    `- \`${COMMAND_PREFIX} rerun\`: review the pull request's head again.`,
    `- \`${COMMAND_PREFIX} simulate ACTION [on RESOURCE] [as ADDRESS] [with KEY=VALUE ...]\`: would this request be allowed by the policies in this pull request?`,
    `  e.g. \`${COMMAND_PREFIX} simulate s3:GetObject on arn:aws:s3:::reports/q1.csv as aws_iam_role.analyst with aws:SourceIp=10.0.0.1\``,
    `- \`${COMMAND_PREFIX} help\`: this text.`,
  ].join("\n");
}

export function invalidReply(reason: string): string {
  return `😕 I did not understand that command: ${reason}.\n\n${helpText()}`;
}

export function unauthorisedReply(login: string): string {
  return `🔒 @${login}, iam-review commands can only be run by users with write, maintain or admin permission on this repository.`;
}

export function closedReply(): string {
  return "This pull request is closed: iam-review commands run only on open pull requests.";
}

export function simulateUnavailableReply(): string {
  return "`simulate` is not available in this version of iam-review. The review itself (and `/iam-review rerun`) works as usual.";
}

export function failedReply(what: string, reason: string): string {
  return `😕 iam-review could not ${what}: ${reason}`;
}

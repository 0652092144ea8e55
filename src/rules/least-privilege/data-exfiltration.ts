/**
 * IAM107 data-exfiltration. Read-secret and read-data actions on every resource — every object, every secret,
 * every parameter, every key's plaintext, every table — let one compromised workload copy all of the
 * account's data, where the task usually reads a few named resources.
 *
 * A wording rule (documents written in the change). The list is RULES.md's minimum completed with the other
 * actions that return stored data or secrets; "on every resource" means `*` or a pattern covering each of the
 * action's resource types (`arn:aws:s3:::*\/*`). Each action must be granted by the simulator, so a Deny or a
 * restricting condition (`kms:ViaService`, `aws:ResourceTag/…`, a VPC endpoint) is not a finding.
 */

import { defineRule } from "../types.js";
import { analyze, holderPhrase, listForMessage, statementIdentityOf, statementKeyOf } from "./analysis.js";
import { listedGrants } from "./listed-actions.js";
import { ANALYSIS_CATALOGUE } from "./analysis.js";

export const DATA_READ_ACTIONS = [
  "s3:GetObject",
  "s3:GetObjectVersion",
  "secretsmanager:GetSecretValue",
  "secretsmanager:BatchGetSecretValue",
  "ssm:GetParameter",
  "ssm:GetParameters",
  "ssm:GetParametersByPath",
  "ssm:GetParameterHistory",
  "kms:Decrypt",
  "dynamodb:Scan",
  "dynamodb:Query",
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:ExportTableToPointInTime",
  "rds-data:ExecuteStatement",
  "sqs:ReceiveMessage",
  "kinesis:GetRecords",
  "logs:GetLogEvents",
  "logs:FilterLogEvents",
  "athena:GetQueryResults",
  "glacier:GetJobOutput",
  "lambda:GetFunction",
  "codecommit:GitPull",
  "ecr:BatchGetImage",
] as const;

export default defineRule({
  meta: {
    id: "IAM107",
    name: "data-exfiltration",
    severity: "warning",
    summary: "An Allow grants read-secret or read-data actions on every resource.",
    catalogue: ANALYSIS_CATALOGUE,
    messages: {
      readAll:
        "This statement allows {{actions}} on every resource{{holder}}: the simulator allows `{{example}}` on any resource, so whoever holds it can read all of the account's {{what}}. Name the buckets, secrets, parameters, keys or tables the task reads.",
    },
  },
  check(context) {
    const analysis = analyze(context.model);
    for (const document of analysis.written) {
      for (const statement of document.policy.statements) {
        const grant = listedGrants(analysis, document, statement, DATA_READ_ACTIONS);
        if (!grant) continue;
        const services = [...new Set(grant.actions.map((action) => action.slice(0, action.indexOf(":"))))];
        context.report({
          messageId: "readAll",
          data: { actions: listForMessage(grant.actions), example: grant.actions[0], holder: holderPhrase(grant.answer), what: `${services.join("/")} data` },
          at: grant.at,
          resource: document.resource,
          statement: statementKeyOf(document, statement),
          identity: [statementIdentityOf(document, statement), ...grant.actions.map((action) => action.toLowerCase())],
        });
      }
    }
  },
});

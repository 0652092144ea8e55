/**
 * IAM108 credentials-exposure. Actions whose response carries credentials — access keys, federation tokens,
 * database passwords, SSH keys, Windows passwords — on every resource: whoever holds the statement can mint
 * credentials for others, which outlive the session that asked for them.
 *
 * A wording rule (documents written in the change). `ecr:GetAuthorizationToken` only accepts `*` and every
 * image pull needs it: it counts only in a policy that grants no other ECR action ("on non-ECR roles").
 * Each action must be granted by the simulator (a Deny or a restricting condition is not a finding).
 */

import { defineRule } from "../types.js";
import { analyze, holderPhrase, listForMessage, statementIdentityOf, statementKeyOf } from "./analysis.js";
import { grantsOtherActionsOf, listedGrants } from "./listed-actions.js";
import { ANALYSIS_CATALOGUE } from "./analysis.js";

export const CREDENTIAL_ACTIONS = [
  "iam:CreateAccessKey",
  "iam:CreateServiceSpecificCredential",
  "iam:ResetServiceSpecificCredential",
  "sts:GetFederationToken",
  "ecr:GetAuthorizationToken",
  "redshift:GetClusterCredentials",
  "redshift:GetClusterCredentialsWithIAM",
  "redshift-serverless:GetCredentials",
  "lightsail:GetInstanceAccessDetails",
  "lightsail:DownloadDefaultKeyPair",
  "ec2:GetPasswordData",
] as const;

const ECR_TOKEN = "ecr:GetAuthorizationToken";

export default defineRule({
  meta: {
    id: "IAM108",
    name: "credentials-exposure",
    severity: "warning",
    summary: "An Allow grants actions that return credentials, on every resource.",
    catalogue: ANALYSIS_CATALOGUE,
    messages: {
      credentials:
        "This statement allows {{actions}} on every resource{{holder}}: these return credentials (the simulator allows `{{example}}` on any resource), which outlive the session that asked for them. Name the users, clusters or instances concerned, or remove the action.",
    },
  },
  check(context) {
    const analysis = analyze(context.model);
    for (const document of analysis.written) {
      const ecrPolicy = grantsOtherActionsOf(document, "ecr", ECR_TOKEN);
      for (const statement of document.policy.statements) {
        const grant = listedGrants(analysis, document, statement, CREDENTIAL_ACTIONS, (action) => action === ECR_TOKEN && ecrPolicy);
        if (!grant) continue;
        context.report({
          messageId: "credentials",
          data: { actions: listForMessage(grant.actions), example: grant.actions[0], holder: holderPhrase(grant.answer) },
          at: grant.at,
          resource: document.resource,
          statement: statementKeyOf(document, statement),
          identity: [statementIdentityOf(document, statement), ...grant.actions.map((action) => action.toLowerCase())],
        });
      }
    }
  },
});

/**
 * IAM102 service-wildcard. `iam:*`, `s3:*`, `kms:*` — or a pattern such as `iam:*Policy*`, `iam:Put*`,
 * `s3:PutBucket*` that covers one of the service's permissions-management actions — hands over the service's
 * access control: whoever holds it can rewrite who may do what (attach policies, rewrite bucket or key
 * policies). Error for the services in `rules.IAM102.services` (default iam, kms, s3, sts, organizations,
 * cloudtrail), warning for the others.
 *
 * Decided by simulation: the pattern's statement must let the simulator allow one of those actions on some
 * resource (see analysis.ts), so a Deny that covers them or a condition that restricts who or where is not a
 * finding. `*` / `*:*` are IAM101's. NotAction statements are IAM104's. An attached AWS managed policy
 * (IAMFullAccess, AmazonS3FullAccess…) is reported once at its attachment, listing its wildcards.
 */

import type { Statement } from "../../iam/model.js";
import { defineRule, type Severity } from "../types.js";
import {
  analyze,
  documentLabel,
  holderPhrase,
  isAllow,
  reportAt,
  firstGranted,
  statementGrants,
  statementIdentityOf,
  statementKeyOf,
  type Analysis, type GrantAnswer, type JudgedDocument } from "./analysis.js";
import { serviceWildcardOf, type ServiceWildcard } from "./wildcards.js";
import { ANALYSIS_CATALOGUE } from "./analysis.js";

export const DEFAULT_IAM102_SERVICES = ["iam", "kms", "s3", "sts", "organizations", "cloudtrail"];

export default defineRule({
  meta: {
    id: "IAM102",
    name: "service-wildcard",
    severity: "error",
    summary: "An Allow grants every action of a service, or a pattern covering its permissions-management actions.",
    catalogue: ANALYSIS_CATALOGUE,
    messages: {
      wholeService:
        "`{{pattern}}` allows every {{service}} action{{holder}}{{including}}: the simulator allows `{{example}}` on any resource. List the {{service}} actions the task needs.",
      permissions:
        "`{{pattern}}` covers {{count}} {{service}} permissions-management action(s) ({{examples}}){{holder}}: the simulator allows `{{example}}` on any resource. Name only the actions the task needs.",
      managed:
        "The {{policy}} attached here allows every action of {{services}} to {{principal}} ({{patterns}}): the simulator allows `{{example}}` on any resource. Attach a policy scoped to the task.",
    },
  },
  check(context) {
    const analysis = analyze(context.model);
    const errorServices = new Set((context.model.config.rules["IAM102"]?.services ?? DEFAULT_IAM102_SERVICES).map((service) => service.toLowerCase()));
    const severityOf = (services: Iterable<string>): Severity => ([...services].some((service) => errorServices.has(service)) ? "error" : "warning");

    for (const document of analysis.held) {
      const managedHits: { wildcard: ServiceWildcard; answer: GrantAnswer; example: string }[] = [];
      for (const statement of document.policy.statements) {
        for (const hit of grantedWildcards(analysis, document, statement)) {
          if (document.managed) {
            managedHits.push(hit);
            continue;
          }
          const { wildcard, answer, example } = hit;
          context.report({
            messageId: wildcard.wholeService ? "wholeService" : "permissions",
            data: {
              pattern: wildcard.entry.value,
              service: wildcard.service,
              example,
              holder: holderPhrase(answer),
              including: wildcard.permissionsManagement.length > 0 ? `, including permissions management (${wildcard.permissionsManagement.length} actions)` : "",
              count: wildcard.permissionsManagement.length,
              examples: wildcard.permissionsManagement.slice(0, 3).map((action) => `\`${action}\``).join(", "),
            },
            severity: severityOf([wildcard.service]),
            at: wildcard.entry.at,
            resource: document.resource,
            statement: statementKeyOf(document, statement),
            identity: [statementIdentityOf(document, statement), wildcard.entry.value.toLowerCase()],
          });
        }
      }
      if (document.managed && managedHits.length > 0) {
        const services = [...new Set(managedHits.map((hit) => hit.wildcard.service))];
        const principal = document.holders.map((holder) => holder.address).join(", ") || "its principal";
        context.report({
          messageId: "managed",
          data: {
            policy: documentLabel(document),
            services: services.join(", "),
            principal,
            patterns: [...new Set(managedHits.map((hit) => `\`${hit.wildcard.entry.value}\``))].slice(0, 5).join(", "),
            example: managedHits[0].example,
          },
          severity: severityOf(services),
          at: reportAt(document, undefined),
          resource: document.resource,
          statement: statementKeyOf(document, document.policy.statements[0]),
          identity: [statementIdentityOf(document, document.policy.statements[0])],
        });
      }
    }
  },
});

/** The service wildcards of an Allow statement that the simulator says it really grants. */
export function grantedWildcards(
  analysis: Analysis,
  document: JudgedDocument,
  statement: Statement,
): { wildcard: ServiceWildcard; answer: GrantAnswer; example: string }[] {
  if (!isAllow(statement)) return [];
  const hits: { wildcard: ServiceWildcard; answer: GrantAnswer; example: string }[] = [];
  for (const entry of statement.actions ?? []) {
    const wildcard = serviceWildcardOf(analysis, entry);
    if (!wildcard) continue;
    // Permissions management first: the familiar examples, then a sample of the rest.
    const granted =
      firstGranted(wildcard.probes.slice(0, 4), (action) => statementGrants(analysis, document, statement, action), 4) ??
      firstGranted(wildcard.probes.slice(4), (action) => statementGrants(analysis, document, statement, action));
    if (granted) hits.push({ wildcard, answer: granted.answer, example: granted.action });
  }
  return hits;
}

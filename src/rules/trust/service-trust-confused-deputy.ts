/**
 * IAM305 service-trust-confused-deputy (notice). Some AWS services assume a role given to them by a customer,
 * on behalf of that customer: AWS Config, CloudTrail, EventBridge Scheduler… The service serves every account,
 * so without `aws:SourceArn` or `aws:SourceAccount` in the trust, another customer could hand the service this
 * role's ARN and have it act here (IAM User Guide › The confused deputy problem › Cross-service confused deputy
 * prevention). Each service below documents these keys for its role trust policies in its own "Cross-service
 * confused deputy prevention" section. Services that run the account's own compute or workflows with a role
 * passed to them (ec2, lambda, ecs-tasks, eks, glue, states, events rule targets, pipes, sagemaker, codebuild…)
 * are not listed: creating those resources requires `iam:PassRole` on the role in the role's own account, so
 * another account cannot point them at it, and reporting every such role would bury the real cases.
 *
 * Decided by simulation: the service asks for `sts:AssumeRole` once without source keys and once on behalf of
 * an unrelated account (its own `aws:SourceAccount`, `aws:SourceArn`, `aws:SourceOrgID`); if either may, the
 * trust does not restrict whom the service acts for. `sts:ExternalId`, which some services set to the account
 * (Firehose, Cognito user pools), restricts as well.
 */

import { allowingStatements, askProbe, compileForProbes, OUTSIDER_ACCOUNT, PROBE_NAME, withOwnEnvironment } from "../../engine/probes.js";
import { defineRule } from "../types.js";
import { statementContext } from "../validity/support.js";
import { allowStatements, trustPolicies } from "./support.js";

/** Service principals (without `.amazonaws.com`) whose documentation gives a confused deputy trust condition. */
export const CONFUSED_DEPUTY_SERVICES: ReadonlySet<string> = new Set([
  "appsync",
  "bedrock",
  "cloudtrail",
  "cognito-idp",
  "comprehend",
  "config",
  "datasync",
  "dms",
  "firehose",
  "grafana",
  "iot",
  "logs",
  "personalize",
  "scheduler",
  "sns",
  "ssm",
  "storagegateway",
  "textract",
  "transfer",
  "vpc-flow-logs",
]);

/** `logs.us-east-1.amazonaws.com` → `logs`; undefined for a value that is not a service principal. */
export function serviceName(principal: string): string | undefined {
  const match = /^(.+?)\.amazonaws\.com(?:\.cn)?$/.exec(withOwnEnvironment(principal));
  if (!match) return undefined;
  return match[1].replace(/\.[a-z]{2}(?:-[a-z]+)+-\d$/, "");
}

export default defineRule({
  meta: {
    id: "IAM305",
    name: "service-trust-confused-deputy",
    severity: "notice",
    summary: "A trust for an AWS service that acts for many accounts lacks aws:SourceArn or aws:SourceAccount.",
    messages: {
      noSource:
        "`{{service}}` acts for every AWS account, and this trust does not say for which one it may assume the role: " +
        "another account could have it use this role (confused deputy). Add `\"Condition\": {\"StringEquals\": {\"aws:SourceAccount\": \"<your account>\"}}` " +
        "or an `ArnLike` `aws:SourceArn` naming the resource that uses the role.",
    },
  },
  check(context) {
    for (const analyzed of trustPolicies(context.model)) {
      const compiled = compileForProbes(analyzed.policy);
      for (const statement of allowStatements(analyzed)) {
        for (const principal of statement.principals ?? []) {
          if (principal.type !== "Service") continue;
          const name = serviceName(principal.value);
          if (name === undefined || !CONFUSED_DEPUTY_SERVICES.has(name)) continue;
          const service = withOwnEnvironment(principal.value);
          const contexts: Record<string, string>[] = [
            { "aws:SecureTransport": "true" },
            {
              "aws:SecureTransport": "true",
              "aws:SourceAccount": OUTSIDER_ACCOUNT,
              "aws:SourceArn": `arn:aws:${name}:us-east-1:${OUTSIDER_ACCOUNT}:${PROBE_NAME}`,
              "aws:SourceOrgID": `o-${PROBE_NAME}`,
              "sts:ExternalId": PROBE_NAME,
            },
          ];
          const assumes = contexts.some((requestContext) => {
            const decision = askProbe(compiled, "sts:AssumeRole", { principal: service, context: requestContext });
            return decision.undecided === undefined && allowingStatements(decision).includes(statement.index);
          });
          if (!assumes) continue;
          const where = statementContext(analyzed, statement);
          context.report({
            messageId: "noSource",
            data: { service: principal.value },
            at: principal.at,
            resource: where.resource,
            statement: where.statement,
            identity: [where.statementIdentity, principal.value],
          });
        }
      }
    }
  },
});

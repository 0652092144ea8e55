/**
 * IAM404 lambda-permission-public. An `aws_lambda_permission` / `AWS::Lambda::Permission` adds a statement to
 * the function's resource policy. With principal `*` any AWS account may invoke the function (and anyone on
 * the internet, for a function URL with auth type `NONE`), unless `principal_org_id` / `source_account` /
 * `source_arn` narrow it. With a service principal (`s3.amazonaws.com`, `events.amazonaws.com`…) and neither
 * `source_arn` nor `source_account`, the service invokes the function for any of its customers: anyone can
 * point their own bucket, rule or topic at it (AWS Lambda Developer Guide › Using resource-based policies;
 * › Cross-service confused deputy prevention).
 *
 * Decided by simulation on the statement the permission stands for (the extractors build it from the
 * attributes, each condition at its attribute's line): outsider probes for `*`; for a service, the service
 * asking without source keys and on behalf of an unrelated account. An unresolved attribute (a `source_arn`
 * from a reference) restricts; an unresolved principal is not judged. Alexa's `event_source_token` restricts
 * the Alexa principals. The finding replaces IAM401's on the same statement.
 */

import { resourcesAt, type AnalyzedPolicy, type ReviewModel } from "../../engine/model.js";
import { allowingStatements, askProbe, compileForProbes, isWildcardPrincipal, OUTSIDER_ACCOUNT, outsiderExposures, PROBE_NAME } from "../../engine/probes.js";
import { getEntry } from "../../iac/located.js";
import type { PrincipalValue, Statement } from "../../iam/model.js";
import { displayValue } from "../trust/support.js";
import { defineRule } from "../types.js";
import { statementContext } from "../validity/support.js";
import { LAMBDA_PERMISSION_TYPES, resourcePolicies } from "./support.js";

const SERVICE_LIKE = /^[a-z0-9.-]+\.amazon(?:aws)?\.com(?:\.cn)?$/;

function hasAttribute(model: ReviewModel, analyzed: AnalyzedPolicy, names: string[]): boolean {
  const resource = resourcesAt(model, analyzed.source.resource).find((candidate) => candidate.type === analyzed.source.resourceType);
  return resource !== undefined && names.some((name) => getEntry(resource.attributes, name) !== undefined);
}

function functionUrlWithoutAuth(statement: Statement): boolean {
  return statement.conditions.some((clause) => clause.key === "lambda:FunctionUrlAuthType" && clause.values.some((value) => value.value === "NONE"));
}

/** Whether the service may invoke on behalf of an unrelated account (or of nobody in particular). */
function serviceActsForAnyone(analyzed: AnalyzedPolicy, statement: Statement, principal: PrincipalValue): boolean {
  const service = principal.value;
  const name = service.split(".")[0];
  const compiled = compileForProbes(analyzed.policy);
  const contexts: Record<string, string>[] = [
    {},
    { "aws:SourceAccount": OUTSIDER_ACCOUNT, "aws:SourceArn": `arn:aws:${name}:us-east-1:${OUTSIDER_ACCOUNT}:${PROBE_NAME}` },
  ];
  const actions = (statement.actions ?? []).map((action) => action.value);
  return actions.some((action) =>
    contexts.some((requestContext) => {
      const decision = askProbe(compiled, action, { principal: service, context: requestContext });
      return decision.undecided === undefined && allowingStatements(decision).includes(statement.index);
    }),
  );
}

export default defineRule({
  meta: {
    id: "IAM404",
    name: "lambda-permission-public",
    severity: "error",
    summary: "A Lambda permission with principal *, or with a service principal and neither source_arn nor source_account.",
    supersedes: ["IAM401"],
    messages: {
      public:
        "Principal `*`: any AWS account{{internet}} may invoke this function. Name the account, or set `principal_org_id` / `source_account` (CloudFormation: `PrincipalOrgID`, `SourceAccount`).",
      service:
        "`{{service}}` may invoke this function for any of its customers: without `source_arn` or `source_account` anyone can point their own resource at it. " +
        "Set `source_arn` to the resource that invokes it (CloudFormation: `SourceArn`), or at least `source_account`.",
    },
  },
  check(context) {
    const { model } = context;
    for (const analyzed of resourcePolicies(model)) {
      if (!LAMBDA_PERMISSION_TYPES.has(analyzed.source.resourceType) || analyzed.source.origin !== "attributes") continue;
      const statement = analyzed.policy.statements[0];
      if (!statement) continue;
      const where = statementContext(analyzed, statement);
      for (const principal of statement.principals ?? []) {
        if (isWildcardPrincipal(principal)) {
          const exposed = outsiderExposures(analyzed.policy).some((exposure) => exposure.statement === statement && !exposure.undecided);
          if (!exposed) continue;
          const internet = functionUrlWithoutAuth(statement) ? ", and anyone on the internet through the function URL (auth type NONE)," : "";
          context.report({ messageId: "public", data: { internet }, at: principal.at, resource: where.resource, statement: where.statement, identity: [where.statementIdentity, "public"] });
          continue;
        }
        if (!SERVICE_LIKE.test(principal.value)) continue;
        if (hasAttribute(model, analyzed, ["event_source_token", "EventSourceToken"])) continue;
        const actsForAnyone = principal.type === "Service" ? serviceActsForAnyone(analyzed, statement, principal) : !hasAttribute(model, analyzed, ["source_arn", "source_account", "SourceArn", "SourceAccount"]);
        if (!actsForAnyone) continue;
        context.report({
          messageId: "service",
          data: { service: displayValue(principal.value) },
          at: principal.at,
          resource: where.resource,
          statement: where.statement,
          identity: [where.statementIdentity, principal.value],
        });
      }
    }
  },
});

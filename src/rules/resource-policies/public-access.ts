/**
 * IAM401 public-access. A resource policy that allows `*` (or everyone but a few, through `NotPrincipal`)
 * opens the bucket, queue, topic, key, secret or repository to every AWS account, and for S3 and function URLs
 * to anonymous requests from the internet. A condition that restricts who or where (`aws:PrincipalOrgID`,
 * `aws:SourceVpce`, `aws:SourceArn`, `aws:SourceIp`…) makes it not public; whether it really restricts is
 * decided by the simulator with outsider probes (src/engine/probes.ts): a principal of an unrelated account,
 * without those keys and with its own values for them. So `IpAddress aws:SourceIp 0.0.0.0/0` or
 * `StringLike aws:SourceVpce vpce-*` restrict nothing, and a Deny unless `aws:SourceVpce` is the endpoint
 * makes the Allow not public. An Allow that only an unresolved statement might stop is a notice.
 *
 * Not judged: VPC endpoint policies, where `Principal: "*"` is the default and reaches only what already
 * goes through the endpoint (they limit, they do not grant); and API Gateway's `execute-api:Invoke`, because an
 * API is public by default and its methods' authorizers decide who calls it. Lambda permissions are judged
 * here and by IAM404, whose finding replaces this one.
 */

import { compileForProbes, isWildcardPrincipal, outsiderExposures } from "../../engine/probes.js";
import { matchesAction } from "../../iam/wildcard.js";
import { defineRule } from "../types.js";
import { listForMessage, statementContext } from "../validity/support.js";
import { belongsTo, policyResourceTypes, resourcePolicies } from "./support.js";

/** Policies that limit what goes through a VPC endpoint rather than grant anything. */
const ENDPOINT_POLICY_TYPES: ReadonlySet<string> = new Set(["aws_vpc_endpoint", "aws_vpc_endpoint_policy", "AWS::EC2::VPCEndpoint"]);

const API_GATEWAY_TYPES: ReadonlySet<string> = new Set([
  "aws_api_gateway_rest_api",
  "aws_api_gateway_rest_api_policy",
  "AWS::ApiGateway::RestApi",
  "AWS::ApiGateway::DomainNameV2",
  "AWS::Serverless::Api",
]);

/** API Gateway's own actions: they appear only in API resource policies. */
function isApiInvocation(action: string, onApi: boolean): boolean {
  return action.toLowerCase().startsWith("execute-api:") || (onApi && matchesAction(action, "execute-api:Invoke"));
}

export default defineRule({
  meta: {
    id: "IAM401",
    name: "public-access",
    severity: "error",
    summary: "A resource policy allows * (any principal) without a condition that restricts who or where.",
    messages: {
      public:
        "Anyone (any AWS account{{anonymous}}) is allowed {{actions}} on this resource: the policy names `*` and no condition limits who or where. " +
        "Name the principals, or add a condition such as `aws:PrincipalOrgID`, `aws:SourceVpce`, `aws:SourceArn` or `aws:SourceAccount`.",
      undecided:
        "This statement allows {{actions}} to `*`; only statements that depend on unresolved values might limit who or where, so whether the resource is public could not be decided.",
    },
  },
  check(context) {
    const { model } = context;
    for (const analyzed of resourcePolicies(model)) {
      if (belongsTo(model, analyzed, ENDPOINT_POLICY_TYPES)) continue;
      const onApi = belongsTo(model, analyzed, API_GATEWAY_TYPES);
      const types = policyResourceTypes(model, analyzed);
      const compiled = compileForProbes(analyzed.policy);
      for (const exposure of outsiderExposures(analyzed.policy, compiled)) {
        const actions = exposure.actions.filter((action) => !isApiInvocation(action, onApi));
        if (actions.length === 0) continue;
        const { statement } = exposure;
        const where = statementContext(analyzed, statement);
        const principal = statement.principals?.find(isWildcardPrincipal);
        const anonymous = types.some((type) => /^aws_s3|^AWS::S3::|^aws_lambda_permission$|^AWS::Lambda::Permission$/.test(type)) ? ", and anonymous requests from the internet" : "";
        context.report({
          messageId: exposure.undecided ? "undecided" : "public",
          data: { actions: listForMessage(actions), anonymous },
          ...(exposure.undecided ? { severity: "notice" as const } : {}),
          at: principal?.at ?? statement.notPrincipals?.[0]?.at ?? statement.at,
          resource: where.resource,
          statement: where.statement,
          identity: [where.statementIdentity, exposure.undecided ? "undecided" : "public"],
        });
      }
    }
  },
});

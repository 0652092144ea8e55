/**
 * IAM402 s3-insecure-transport. S3 answers plain HTTP as well as HTTPS; only a bucket policy that denies
 * requests with `aws:SecureTransport` = `false` makes it refuse them (Amazon S3 User Guide › Security best
 * practices: enforce encryption of data in transit). Both the bucket (`BUCKET`: listing, its configuration) and
 * its objects (`BUCKET/*`) must be covered.
 *
 * Decided by simulation, per bucket policy of the scan (a bucket without a policy is not judged): a user of
 * the bucket's own account, whose identity policies allow everything, asks for `s3:GetObject` on an object and
 * `s3:ListBucket` on the bucket over plain HTTP; both must be explicitly denied. A `s3:TlsVersion` condition
 * alone does not deny HTTP (the key is absent there). The bucket's ARN is read from the policy's own
 * resources; when it is not known statically (`aws_s3_bucket.b.arn`, `!Sub arn:aws:s3:::${Bucket}`), every
 * resource written on that bucket is rewritten onto a placeholder bucket, which keeps the relation between the
 * bucket and its objects that the question is about. A decision that depends on other unresolved values is
 * not reported.
 */

import type { AnalyzedPolicy } from "../../engine/model.js";
import { askProbeOn, compileForProbes, OWN_ACCOUNT, PROBE_NAME, type Probe } from "../../engine/probes.js";
import { hasUnresolved } from "../../iac/located.js";
import type { Located } from "../../iac/types.js";
import type { Policy, Statement } from "../../iam/model.js";
import { elementPosition } from "../trust/support.js";
import { defineRule } from "../types.js";
import { statementContext } from "../validity/support.js";
import { belongsTo, BUCKET_POLICY_TYPES, resourcePolicies } from "./support.js";

const PLACEHOLDER_BUCKET = `arn:aws:s3:::${PROBE_NAME}-bucket`;
const OVER_HTTP: Probe = { principal: `arn:aws:iam::${OWN_ACCOUNT}:user/${PROBE_NAME}`, context: { "aws:SecureTransport": "false" } };

/** `arn:aws:s3:::b/*` → `arn:aws:s3:::b`; the part before the first `/` outside unresolved markers. */
function bucketPart(resource: string): string {
  const withoutMarkers = resource.replace(/<unresolved:[^>]*>/g, (marker) => "x".repeat(marker.length));
  const slash = withoutMarkers.indexOf("/");
  return slash < 0 ? resource : resource.slice(0, slash);
}

function resourcesOf(policy: Policy): Located<string>[] {
  return policy.statements.flatMap((statement) => [...(statement.resources ?? []), ...(statement.notResources ?? [])]);
}

/** A whole unknown `Resource` (`Resource = aws_s3_bucket.b.arn`) as one value with a marker, like a part of one. */
function withResourceMarkers(policy: Policy): Policy {
  return {
    ...policy,
    statements: policy.statements.map((statement) => {
      const unresolved = { ...statement.unresolved };
      const element = (key: "Resource" | "NotResource", values: Located<string>[] | undefined) => {
        const expr = unresolved[key];
        if (expr === undefined) return values;
        delete unresolved[key];
        return [...(values ?? []), { value: `<unresolved:${expr}>`, at: statement.at }];
      };
      return { ...statement, resources: element("Resource", statement.resources), notResources: element("NotResource", statement.notResources), unresolved };
    }),
  };
}

/** The bucket the policy is about: the bucket part its resources name most often. */
function bucketOf(policy: Policy): string | undefined {
  const counts = new Map<string, number>();
  for (const { value } of resourcesOf(policy)) {
    const bucket = bucketPart(value);
    if (!bucket.startsWith("arn:") && !bucket.startsWith("<unresolved:")) continue;
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  }
  return [...counts].sort((left, right) => right[1] - left[1])[0]?.[0];
}

/** The policy with `bucket` (not known statically) rewritten onto the placeholder bucket in every resource. */
function onPlaceholderBucket(policy: Policy, bucket: string): Policy {
  const rewrite = (values: Located<string>[] | undefined) =>
    values?.map((item) => (bucketPart(item.value) === bucket ? { ...item, value: PLACEHOLDER_BUCKET + item.value.slice(bucket.length) } : item));
  return {
    ...policy,
    statements: policy.statements.map((statement) => ({ ...statement, resources: rewrite(statement.resources), notResources: rewrite(statement.notResources) })),
  };
}

/** A Deny that tests aws:SecureTransport: the statement that is meant to do this job. */
function transportDeny(policy: Policy): Statement | undefined {
  return policy.statements.find(
    (statement) => statement.effect.value === "Deny" && statement.conditions.some((clause) => clause.key.toLowerCase() === "aws:securetransport"),
  );
}

type Coverage = "denied" | "not-denied" | "undecided";

function coverage(analyzed: AnalyzedPolicy): { bucket: Coverage; objects: Coverage } {
  const marked = withResourceMarkers(analyzed.policy);
  const written = bucketOf(marked);
  const known = written !== undefined && !hasUnresolved(written) && !/[*?]/.test(written);
  const bucketArn = known ? written : PLACEHOLDER_BUCKET;
  const policy = written !== undefined && !known && hasUnresolved(written) ? onPlaceholderBucket(marked, written) : marked;
  const compiled = compileForProbes(policy);
  const judge = (action: string, resource: string): Coverage => {
    const decision = askProbeOn(compiled, action, resource, OVER_HTTP);
    if (decision.undecided) return "undecided";
    return decision.decision === "explicitDeny" ? "denied" : "not-denied";
  };
  return { bucket: judge("s3:ListBucket", bucketArn), objects: judge("s3:GetObject", `${bucketArn}/${PROBE_NAME}-object`) };
}

export default defineRule({
  meta: {
    id: "IAM402",
    name: "s3-insecure-transport",
    severity: "warning",
    summary: "An S3 bucket policy does not deny requests over plain HTTP (aws:SecureTransport false) on the bucket and its objects.",
    messages: {
      missing:
        "This bucket policy does not deny requests over plain HTTP: `s3:GetObject` and `s3:ListBucket` without TLS are not denied. " +
        "Add a statement `Deny` `s3:*` to `\"*\"` on the bucket and `bucket/*` with `\"Condition\": {\"Bool\": {\"aws:SecureTransport\": \"false\"}}`.",
      partial:
        "This statement denies plain HTTP for {{covered}} but not for {{uncovered}}: list both `BUCKET` and `BUCKET/*` in its Resource.",
      notDenying:
        "This statement is meant to deny plain HTTP, but `s3:GetObject` and `s3:ListBucket` over HTTP are not denied: use `\"Bool\": {\"aws:SecureTransport\": \"false\"}` on the bucket and `bucket/*`.",
    },
  },
  check(context) {
    for (const analyzed of resourcePolicies(context.model)) {
      if (!belongsTo(context.model, analyzed, BUCKET_POLICY_TYPES)) continue;
      const result = coverage(analyzed);
      if (result.bucket === "undecided" || result.objects === "undecided") continue;
      if (result.bucket === "denied" && result.objects === "denied") continue;
      const deny = transportDeny(analyzed.policy);
      const where = deny ? statementContext(analyzed, deny) : undefined;
      const base = { resource: analyzed.source.resource, identity: [analyzed.key, `bucket:${result.bucket}`, `objects:${result.objects}`] };
      if (!deny || !where) {
        context.report({ messageId: "missing", at: analyzed.source.at, ...base });
      } else if (result.bucket === "denied" || result.objects === "denied") {
        const covered = result.objects === "denied" ? "its objects (`BUCKET/*`)" : "the bucket itself (`BUCKET`)";
        const uncovered = result.objects === "denied" ? "the bucket itself (`s3:ListBucket` on `BUCKET`)" : "its objects (`s3:GetObject` on `BUCKET/*`)";
        context.report({ messageId: "partial", data: { covered, uncovered }, at: deny.resources?.[0]?.at ?? elementPosition(analyzed, deny, ["Resource"]), statement: where.statement, ...base });
      } else {
        context.report({ messageId: "notDenying", at: deny.conditions[0]?.keyAt ?? deny.at, statement: where.statement, ...base });
      }
    }
  },
});

/**
 * IAM008 invalid-arn. A `Resource` that is not `*` or an ARN (`my-bucket`, `arn:aws:s3:my-bucket`, an
 * IAM role ARN without its account field) matches nothing, and a `Principal` that is not one of the forms
 * AWS accepts (an account id, a role/user ARN without wildcards, a service principal such as
 * `lambda.amazonaws.com`, an OIDC/SAML provider under `Federated`, a canonical user id) makes AWS refuse the
 * policy — or, for a misplaced but well-formed value (`{"AWS": "lambda.amazonaws.com"}`), trust no one.
 * Principal forms come from src/iam/arn.ts (`principalForm`). Values with unresolved parts are judged only
 * on what is known; a value that is unknown as a whole is not judged.
 */

import { hasUnresolved } from "../../iac/located.js";
import type { PolicyKind } from "../../iac/types.js";
import { isKnownPartition, principalForm, splitArnFields } from "../../iam/arn.js";
import type { PrincipalValue } from "../../iam/model.js";
import { defineRule } from "../types.js";
import { writtenPolicies, statementContext } from "./support.js";

const ARN_FIELD_COUNT = 6;

/** Kinds whose statements may name principals; in the others a Principal is IAM001's finding already. */
const PRINCIPAL_KINDS: ReadonlySet<PolicyKind> = new Set(["resource", "trust"]);

/** API Gateway resource policies may use the short resource form `execute-api:/stage/GET/path`. */
const EXECUTE_API_SHORTHAND = /^execute-api:\//;

/** The legacy CloudFront origin access identity principal, an IAM user in CloudFront's own account. */
const CLOUDFRONT_OAI = /^arn:aws(-cn|-us-gov)?:iam::cloudfront:user\/CloudFront Origin Access Identity [A-Z0-9]+$/;

const EXPECTED_PRINCIPAL: Record<PrincipalValue["type"], string> = {
  "*": '"*"',
  AWS: '"*", an account id, or an IAM role/user/account-root or STS session ARN without wildcards',
  Service: "a service principal such as `lambda.amazonaws.com`",
  Federated: "an OIDC or SAML provider ARN, or `cognito-identity.amazonaws.com`, `accounts.google.com`, `graph.facebook.com`, `www.amazon.com`",
  CanonicalUser: "a 64-character canonical user id",
};

export default defineRule({
  meta: {
    id: "IAM008",
    name: "invalid-arn",
    severity: "error",
    summary: "A Resource or Principal value is not *, a well-formed ARN, an account id, or a known principal form.",
    messages: {
      invalidResource: "`{{value}}` is not an ARN: {{problem}}",
      literalSubstitution:
        "`{{value}}` holds `{{variable}}`, which CloudFormation substitutes only inside `Fn::Sub` (`!Sub`): as written the text stays, and this value matches nothing. Wrap it in `!Sub`.",
      invalidPrincipal: "`{{value}}` is not a valid `{{type}}` principal; expected {{expected}}.",
    },
  },
  check(context) {
    for (const analyzed of writtenPolicies(context.model)) {
      const { source } = analyzed;
      // Lambda permissions are built from resource attributes (a function name, `alexa-appkit.amazon.com`):
      // AWS validates those API parameters by its own rules, not the policy grammar.
      if (source.origin === "attributes") continue;
      for (const statement of analyzed.policy.statements) {
        const where = statementContext(analyzed, statement);
        const cloudFormation = source.resourceType.startsWith("AWS::");
        for (const value of cloudFormation ? [...(statement.resources ?? []), ...(statement.notResources ?? []), ...(statement.principals ?? [])] : []) {
          const variable = unsubstitutedVariable(value.value);
          if (!variable) continue;
          context.report({
            messageId: "literalSubstitution",
            data: { value: value.value, variable },
            at: value.at,
            resource: where.resource,
            statement: where.statement,
            identity: [where.statementIdentity, value.value],
          });
        }
        for (const resource of [...(statement.resources ?? []), ...(statement.notResources ?? [])]) {
          if (cloudFormation && unsubstitutedVariable(resource.value)) continue;
          const problem = resourceProblem(resource.value);
          if (!problem) continue;
          context.report({
            messageId: "invalidResource",
            data: { value: resource.value, problem },
            at: resource.at,
            resource: where.resource,
            statement: where.statement,
            identity: [where.statementIdentity, resource.value],
          });
        }
        if (!PRINCIPAL_KINDS.has(source.kind)) continue;
        for (const principal of [...(statement.principals ?? []), ...(statement.notPrincipals ?? [])]) {
          if (cloudFormation && unsubstitutedVariable(principal.value)) continue;
          if (principalForm(principal.type, principal.value) !== undefined) continue;
          if (hasUnresolved(principal.value)) continue; // partly unknown: cannot tell
          if (principal.type === "AWS" && CLOUDFRONT_OAI.test(principal.value)) continue;
          context.report({
            messageId: "invalidPrincipal",
            data: { value: principal.value, type: principal.type, expected: EXPECTED_PRINCIPAL[principal.type] },
            at: principal.at,
            resource: where.resource,
            statement: where.statement,
            identity: [where.statementIdentity, `${principal.type}=${principal.value}`],
          });
        }
      }
    }
  },
});

/** Why a Resource value is not `*` or an ARN pattern, or undefined when it is fine or unknown. */
export function resourceProblem(value: string): string | undefined {
  if (/^[*?]+$/.test(value)) return undefined;
  if (EXECUTE_API_SHORTHAND.test(value)) return undefined;
  // Unresolved parts may hold anything, white space included (`!If [...]` text inside a marker).
  if (!hasUnresolved(value) && /\s/.test(value)) return "it contains white space.";
  const fields = splitArnFields(value);
  if (fields[0] !== "arn") {
    // The whole value may be an ARN from a reference, or a template placeholder (`${kms_key_arn}` in a
    // file that templatefile() renders).
    if (hasUnresolved(fields[0]) || fields[0].includes("${")) return undefined;
    return 'an ARN starts with "arn:" (arn:partition:service:region:account:resource).';
  }
  if (fields.length < ARN_FIELD_COUNT) {
    // `arn:aws:logs:*` is a valid pattern: its last `*` also matches the remaining fields.
    const last = fields[fields.length - 1];
    if (last.endsWith("*") || hasUnresolved(last)) return undefined;
    return `it has ${fields.length} of the 6 colon-separated fields (arn:partition:service:region:account:resource).`;
  }
  const [, partition, service, , , resource] = fields;
  if (!isKnownPartition(partition) && !/[*?]|<unresolved:|\$\{/.test(partition)) {
    return `"${partition}" is not an AWS partition (aws, aws-cn, aws-us-gov…).`;
  }
  if (service === "") return "the service field is empty.";
  if (resource === "") return "the resource field is empty.";
  return undefined;
}

// A CloudFormation pseudo parameter (`${AWS::AccountId}`) or a reference to a parameter or resource
// (`${BucketName}`, `${Bucket.Arn}`) left in a plain string: only `Fn::Sub` substitutes them. IAM policy
// variables (`${aws:username}`, `${s3:prefix}`, `${*}`) have a single colon or are punctuation, and stay.
const CLOUDFORMATION_VARIABLE = /\$\{(AWS::[A-Za-z]+|[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9.]+)?)\}/;

/** The first CloudFormation substitution variable left literal in a value, if any. */
export function unsubstitutedVariable(value: string): string | undefined {
  // Inside an `<unresolved:…>` marker is the text of an intrinsic (`!ImportValue !Sub ${Stack}-Arn`), not a value.
  return CLOUDFORMATION_VARIABLE.exec(value.replace(/<unresolved:[^>]*>/g, ""))?.[0];
}

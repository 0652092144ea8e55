// ARNs: parsing, the Resource / ArnLike matching rules, and recognising the forms a Principal can take.
//
// Matching follows the IAM User Guide ("IAM JSON policy elements: Resource", "ARN condition operators"):
// a pattern of `*` alone matches everything; otherwise pattern and ARN are split into the six
// colon-separated fields `arn:partition:service:region:account:resource` (the sixth is everything after
// the fifth colon, colons included) and each field is matched with its own wildcards, case-sensitively.
// So `*` never crosses a colon between the first five fields, while in the resource field it crosses `/`
// and `:` freely. The guide adds that a `*` that ends a segment "can expand to match beyond the colon
// boundaries": that matters only for a pattern with fewer than six fields (`arn:aws:logs:*`), whose last
// field then matches the rest of the ARN. ArnEquals and ArnLike behave the same way.
//
// Unresolved markers: a pattern with a marker matches nothing; a value with a marker is matched only by
// `*` (see wildcard.ts for why). Policy variables (`${aws:username}`) are literal text here: their values
// depend on the request, so the simulator substitutes them before compiling a pattern.

import { hasUnresolved } from "../iac/located.js";
import { BoundedCache } from "./bounded-cache.js";
import type { PrincipalType } from "./model.js";
import { compileWildcard, type WildcardMatcher } from "./wildcard.js";

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the fifth colon: `bucket/key`, `role/path/name`, `function:name:alias`. */
  resource: string;
}

export const PARTITIONS = [
  "aws",
  "aws-cn",
  "aws-us-gov",
  "aws-iso",
  "aws-iso-b",
  "aws-iso-e",
  "aws-iso-f",
  "aws-eusc",
] as const;
export type Partition = (typeof PARTITIONS)[number];

const partitionSet: ReadonlySet<string> = new Set(PARTITIONS);

export function isKnownPartition(text: string): text is Partition {
  return partitionSet.has(text);
}

const ARN_FIELD_COUNT = 6;
const MARKER_START = "<unresolved:";
const VARIABLE_START = "${";

/**
 * Splits on the first five colons (at most six fields). A colon inside an `<unresolved:EXPR>` marker or a
 * policy variable does not count: `${AWS::AccountId}` becomes `<unresolved:AWS::AccountId>`, and
 * `${aws:PrincipalAccount}` stays as written; each is one field.
 */
export function splitArnFields(text: string): string[] {
  const fields: string[] = [];
  let fieldStart = 0;
  let index = 0;
  while (index < text.length && fields.length < ARN_FIELD_COUNT - 1) {
    if (text.startsWith(MARKER_START, index)) {
      const markerEnd = text.indexOf(">", index + MARKER_START.length);
      index = markerEnd < 0 ? text.length : markerEnd + 1;
      continue;
    }
    if (text.startsWith(VARIABLE_START, index)) {
      const variableEnd = text.indexOf("}", index + VARIABLE_START.length);
      index = variableEnd < 0 ? text.length : variableEnd + 1;
      continue;
    }
    if (text[index] === ":") {
      fields.push(text.slice(fieldStart, index));
      fieldStart = index + 1;
    }
    index++;
  }
  fields.push(text.slice(fieldStart));
  return fields;
}

/** The parts of an ARN, or undefined when the text is not `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`. */
export function parseArn(text: string): Arn | undefined {
  const fields = splitArnFields(text);
  if (fields.length !== ARN_FIELD_COUNT) return undefined;
  const [prefix, partition, service, region, account, resource] = fields;
  if (prefix !== "arn" || partition === "" || service === "" || resource === "") return undefined;
  return { partition, service, region, account, resource };
}

/** The account field of an ARN (`123456789012`, `aws` for AWS managed policies, possibly a marker). */
export function accountOfArn(text: string): string | undefined {
  const arn = parseArn(text);
  return arn && arn.account !== "" ? arn.account : undefined;
}

const matchNothing: WildcardMatcher = () => false;
const matchEverything: WildcardMatcher = () => true;

/** Compiles a Resource / NotResource / ArnLike pattern once; see the file comment for the semantics. */
export function compileResourcePattern(pattern: string): WildcardMatcher {
  if (hasUnresolved(pattern)) return matchNothing;
  if (/^\*+$/.test(pattern)) return matchEverything;

  const patternFields = splitArnFields(pattern);

  // Fast path for the common shape: the first five fields are literal (`arn:aws:s3:::bucket/*`), so they
  // are one prefix comparison, and only the resource field needs wildcard matching.
  const leading = patternFields.slice(0, ARN_FIELD_COUNT - 1);
  if (patternFields.length === ARN_FIELD_COUNT && leading.every((field) => !/[*?]|\$\{/.test(field))) {
    const prefix = `${leading.join(":")}:`;
    const resourceMatcher = compileWildcard(patternFields[ARN_FIELD_COUNT - 1], { caseInsensitive: false });
    return (value) => value.startsWith(prefix) && !hasUnresolved(value) && resourceMatcher(value.slice(prefix.length));
  }

  const fieldMatchers = patternFields.map((field) => compileWildcard(field, { caseInsensitive: false }));
  const lastField = patternFields[patternFields.length - 1];
  const lastSwallowsRest = patternFields.length < ARN_FIELD_COUNT && lastField.endsWith("*");
  const fixedCount = lastSwallowsRest ? patternFields.length - 1 : patternFields.length;

  return (value) => {
    if (hasUnresolved(value)) return false;
    const valueFields = splitArnFields(value);
    if (lastSwallowsRest) {
      if (valueFields.length < patternFields.length) return false;
    } else if (valueFields.length !== patternFields.length) {
      return false;
    }
    for (let index = 0; index < fixedCount; index++) {
      if (!fieldMatchers[index](valueFields[index])) return false;
    }
    if (!lastSwallowsRest) return true;
    const rest = valueFields.slice(fixedCount).join(":");
    return fieldMatchers[fixedCount](rest);
  };
}

const resourceMatchers = new BoundedCache<string, WildcardMatcher>(10_000);

export function matchesResource(pattern: string, arn: string): boolean {
  return resourceMatchers.get(pattern, compileResourcePattern)(arn);
}

// ---------------------------------------------------------------------------------------------------
// Principal forms

/** What a principal value is, when it is one of the forms AWS accepts in `Principal` / `NotPrincipal`. */
export type PrincipalForm =
  | "wildcard" // "*" or {"AWS": "*"}
  | "account-id" // 123456789012
  | "account-root" // arn:aws:iam::123456789012:root
  | "iam-user" // arn:aws:iam::123456789012:user/path/name
  | "iam-role" // arn:aws:iam::123456789012:role/path/name
  | "assumed-role" // arn:aws:sts::123456789012:assumed-role/role/session
  | "federated-user" // arn:aws:sts::123456789012:federated-user/name
  | "service" // lambda.amazonaws.com
  | "oidc-provider" // arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com
  | "saml-provider" // arn:aws:iam::123456789012:saml-provider/Okta
  | "web-identity-provider" // cognito-identity.amazonaws.com, accounts.google.com, graph.facebook.com, www.amazon.com
  | "canonical-user" // 64 hex digits (S3)
  | "unresolved"; // the whole value is not known statically

/** A whole field that is one marker stands for any value: the form is still recognisable. */
function isMarker(text: string): boolean {
  return text.startsWith(MARKER_START) && text.indexOf(">") === text.length - 1;
}

const ACCOUNT_ID = /^\d{12}$/;

export function isAccountId(text: string): boolean {
  return ACCOUNT_ID.test(text);
}

function isAccountField(text: string): boolean {
  return ACCOUNT_ID.test(text) || isMarker(text);
}

function isPartitionField(text: string): boolean {
  return isKnownPartition(text) || isMarker(text);
}

const CANONICAL_USER = /^[0-9a-f]{64}$/i;

export function isCanonicalUserId(text: string): boolean {
  return CANONICAL_USER.test(text);
}

// DNS suffixes of service principals per partition: aws/aws-us-gov use amazonaws.com, aws-cn adds
// amazonaws.com.cn, the isolated partitions and the European sovereign cloud have their own domains.
const SERVICE_PRINCIPAL =
  /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.(?:amazonaws\.com(?:\.cn)?|c2s\.ic\.gov|sc2s\.sgov\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov|amazonaws\.eu)$/;

export function isServicePrincipal(text: string): boolean {
  return SERVICE_PRINCIPAL.test(text);
}

/** Identity providers AWS knows by name for `sts:AssumeRoleWithWebIdentity`. */
export const WEB_IDENTITY_PROVIDERS: readonly string[] = [
  "cognito-identity.amazonaws.com",
  "accounts.google.com",
  "graph.facebook.com",
  "www.amazon.com",
];

/** IAM / STS principal ARNs by their resource field. Paths are allowed in user and role names. */
function principalFormOfArn(text: string): PrincipalForm | undefined {
  const arn = parseArn(text);
  if (!arn || !isPartitionField(arn.partition) || arn.region !== "" || !isAccountField(arn.account)) {
    return undefined;
  }
  if (hasWildcardOutsideMarkers(arn.resource)) return undefined; // AWS rejects wildcards in principal ARNs
  const slash = arn.resource.indexOf("/");
  const resourceType = slash < 0 ? arn.resource : arn.resource.slice(0, slash);
  const name = slash < 0 ? "" : arn.resource.slice(slash + 1);
  if (arn.service === "iam") {
    if (arn.resource === "root") return "account-root";
    if (name === "") return undefined;
    switch (resourceType) {
      case "user":
        return "iam-user";
      case "role":
        return "iam-role";
      case "oidc-provider":
        return "oidc-provider";
      case "saml-provider":
        return "saml-provider";
      default:
        return undefined;
    }
  }
  if (arn.service === "sts" && name !== "") {
    if (resourceType === "assumed-role" && name.includes("/")) return "assumed-role";
    if (resourceType === "federated-user") return "federated-user";
  }
  return undefined;
}

function hasWildcardOutsideMarkers(text: string): boolean {
  const withoutMarkers = text.replace(/<unresolved:[^>]*>/g, "");
  return withoutMarkers.includes("*") || withoutMarkers.includes("?");
}

/**
 * The form of a principal written under `key` (`AWS`, `Service`, `Federated`, `CanonicalUser`, or `*` for
 * the bare `"Principal": "*"`); undefined when AWS would not accept the value under that key (IAM008).
 * A value that is one marker is `unresolved`; a marker inside an ARN field stands for a valid field.
 */
export function principalForm(key: PrincipalType, value: string): PrincipalForm | undefined {
  if (isMarker(value)) return "unresolved";
  switch (key) {
    case "*":
      return value === "*" ? "wildcard" : undefined;
    case "AWS": {
      if (value === "*") return "wildcard";
      if (isAccountField(value)) return "account-id";
      const form = principalFormOfArn(value);
      return form === "oidc-provider" || form === "saml-provider" ? undefined : form;
    }
    case "Service":
      return isServicePrincipal(value) ? "service" : undefined;
    case "Federated": {
      if (WEB_IDENTITY_PROVIDERS.includes(value)) return "web-identity-provider";
      const form = principalFormOfArn(value);
      return form === "oidc-provider" || form === "saml-provider" ? form : undefined;
    }
    case "CanonicalUser":
      return isCanonicalUserId(value) ? "canonical-user" : undefined;
  }
}

/** The account a principal belongs to: the id itself, or the account field of its ARN. */
export function accountOfPrincipal(value: string): string | undefined {
  if (isAccountId(value)) return value;
  return value.startsWith("arn:") ? accountOfArn(value) : undefined;
}

// The shapes the simulator takes and returns. See DESIGN.md "Decisions" (Resource account, Undecided,
// "On `*` means on any resource") and the `Decision` sketch there.

import type { PolicyKind, Position } from "../iac/types.js";
import type { Policy } from "../iam/model.js";

/** A context value: one string, or several for a multivalued key (`aws:TagKeys`). */
export type ContextValue = string | string[];

export interface EvaluationRequest {
  /** `service:Action`; compared case-insensitively. */
  action: string;
  /** The resource ARN, or `*` for actions that do not support resource-level permissions. */
  resource: string;
  /**
   * Who makes the request: an IAM user / role / assumed-role / federated-user ARN, `arn:aws:iam::ACCOUNT:root`
   * (the root user), a bare account id (some unnamed principal of that account), a service principal
   * (`lambda.amazonaws.com`) or a federated identity provider (OIDC/SAML provider ARN, `accounts.google.com`).
   * Undefined: unknown, so a resource policy that names specific principals cannot be decided.
   */
  principal?: string;
  /** The principal's account when `principal` does not carry it. */
  principalAccount?: string;
  /**
   * The role (or IAM user) behind a session: `arn:aws:iam::111122223333:role/path/Name`. An assumed-role ARN
   * has no role path, so give this when a policy names a role with a path or tests `aws:PrincipalArn`.
   */
  sessionIssuer?: string;
  /** Request context keys (compared case-insensitively). Derived principal keys are added unless given. */
  context?: Record<string, ContextValue>;
  /** Default: the account of the resource ARN, else the principal's account (DESIGN.md "Resource account"). */
  resourceAccount?: string;
  /**
   * True when the resource-based policy must allow even within one account: KMS key policies and role trust
   * policies. Default: true when the resource policy is a trust policy or the resource is a KMS ARN.
   */
  resourcePolicyMustAllow?: boolean;
}

/**
 * The policies that apply to one request. `identity`: every identity-based policy of the principal (user,
 * its groups, role). `resource`: the resource-based policy (bucket policy, key policy, role trust policy…).
 * `scps`: the service control policies that apply to the principal's account; when given, one must allow
 * (give FullAWSAccess explicitly). `boundary` and `session` cap the identity-based permissions.
 */
export interface PolicySet {
  identity: Policy[];
  resource?: Policy;
  boundary?: Policy;
  scps?: Policy[];
  session?: Policy;
}

/** Which part of the evaluation a policy takes part in. */
export type Layer = "identity" | "resource" | "boundary" | "scp" | "session";

export type DecisionValue = "allowed" | "explicitDeny" | "implicitDeny";

export interface MatchedStatement {
  effect: "Allow" | "Deny";
  /** The policy's readable name (`aws_iam_policy.admin`). */
  policy: string;
  policyKind: PolicyKind;
  layer: Layer;
  sid?: string;
  /** 0-based index of the statement in its policy. */
  index: number;
  at?: Position;
}

export interface Decision {
  decision: DecisionValue;
  /** The statements that decided: the Denies for an explicit deny, otherwise the Allows that applied. */
  matched: MatchedStatement[];
  /** Statements whose applicability depends on unresolved IaC values and that could change the decision. */
  undecided?: string[];
  /** Readable sentences, first the verdict, then why. Shown in PR comments and by `simulate`. */
  explanation: string[];
}

export interface EvaluateOptions {
  /** Build the explanation text (default true). The decision and `matched` do not depend on it. */
  explain?: boolean;
}

export interface AnyResourceOptions extends EvaluateOptions {
  principal?: string;
  principalAccount?: string;
  sessionIssuer?: string;
  context?: Record<string, ContextValue>;
  resourceAccount?: string;
  resourcePolicyMustAllow?: boolean;
  /**
   * The ARN formats of the action's resource types, from the action catalogue, e.g.
   * `arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}`; `[]` when the action supports only `*`.
   * Undefined: no restriction (any resource a statement names counts).
   */
  resourceFormatsOf?: (action: string) => string[];
}

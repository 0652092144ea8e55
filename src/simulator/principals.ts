// Who makes the request, and whether a `Principal` / `NotPrincipal` of a resource-based policy names them.
// IAM User Guide › AWS JSON policy elements: Principal / NotPrincipal, and › Policy evaluation logic.
//
// How a resource policy names the caller matters within one account, so every match carries a grant class:
// - DIRECT: the caller itself (an IAM user ARN, an assumed-role session ARN, a federated-user ARN, a service,
//   `*`). Such an Allow is not limited by an implicit deny in identity policies, the permissions boundary or a
//   session policy.
// - ROLE: the role behind a session (`arn:aws:iam::111122223333:role/Name`), or the IAM user behind a
//   federated-user session. Not limited by identity policies, but limited by the boundary and session policy.
// - ACCOUNT: the account (`111122223333`, `arn:aws:iam::111122223333:root`). This delegates to the account:
//   the caller's identity-based policies must allow too, as across accounts.

import { hasUnresolved } from "../iac/located.js";
import {
  accountOfPrincipal,
  isAccountId,
  isServicePrincipal,
  parseArn,
  principalForm,
  WEB_IDENTITY_PROVIDERS,
} from "../iam/arn.js";
import type { PrincipalType, PrincipalValue } from "../iam/model.js";
import { contextEntry, type ContextEntry } from "./context.js";
import { MAYBE, NO, YES, type Tri } from "./tristate.js";
import type { ContextValue } from "./types.js";

export const GRANT_NONE = 0;
export const GRANT_ACCOUNT = 1;
export const GRANT_ROLE = 2;
export const GRANT_DIRECT = 3;
export type Grant = typeof GRANT_NONE | typeof GRANT_ACCOUNT | typeof GRANT_ROLE | typeof GRANT_DIRECT;

export type CallerKind =
  | "user" // arn:aws:iam::A:user/name
  | "role-session" // arn:aws:sts::A:assumed-role/Name/session, or a role ARN (session name unknown)
  | "federated-user" // arn:aws:sts::A:federated-user/name (GetFederationToken)
  | "root" // arn:aws:iam::A:root: the account's root user
  | "account" // a bare account id: some principal of that account that no policy names individually
  | "service" // lambda.amazonaws.com
  | "federated-provider" // an OIDC / SAML provider (AssumeRoleWithWebIdentity / WithSAML)
  | "unknown"; // no principal given

export interface Caller {
  kind: CallerKind;
  /** The principal as given. */
  text?: string;
  account?: string;
  partition: string;
  /** Role sessions: the role ARN (from `sessionIssuer`, else built from the session ARN without a path). */
  roleArn?: string;
  roleName?: string;
  /** True when `roleArn` is exact (given), false when built from an assumed-role ARN (path unknown). */
  roleArnExact: boolean;
  /** False when a role ARN stands for "some session of this role". */
  sessionKnown: boolean;
  /** Federated-user sessions: the IAM user that called GetFederationToken, when given. */
  issuerUserArn?: string;
  /** Context keys that the principal determines (`aws:PrincipalArn`, `aws:username`…). */
  derivedKeys: [string, ContextValue][];
  /** The same, as context entries keyed by lower-cased key (shared by every evaluation of this caller). */
  derivedEntries: [string, ContextEntry][];
}

/** Identity policies, boundaries, session policies and SCPs apply only to IAM principals. */
export function isIamCaller(caller: Caller): boolean {
  return caller.kind !== "service" && caller.kind !== "federated-provider";
}

function lastSegment(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? path : path.slice(slash + 1);
}

export interface CallerInput {
  principal?: string;
  principalAccount?: string;
  sessionIssuer?: string;
}

export function deriveCaller(input: CallerInput): Caller {
  const text = input.principal?.trim();
  const caller: Caller = {
    kind: "unknown",
    text,
    account: input.principalAccount,
    partition: "aws",
    roleArnExact: false,
    sessionKnown: true,
    derivedKeys: [],
    derivedEntries: [],
  };
  if (!text) return caller;

  if (isAccountId(text)) {
    caller.kind = "account";
    caller.account ??= text;
  } else if (isServicePrincipal(text) && !WEB_IDENTITY_PROVIDERS.includes(text)) {
    caller.kind = "service";
  } else if (WEB_IDENTITY_PROVIDERS.includes(text)) {
    caller.kind = "federated-provider";
  } else {
    const arn = parseArn(text);
    if (arn) {
      caller.partition = arn.partition;
      caller.account ??= accountOfPrincipal(text);
      const resourceType = arn.resource.split("/")[0];
      if (arn.service === "iam" && arn.resource === "root") caller.kind = "root";
      else if (arn.service === "iam" && resourceType === "user") caller.kind = "user";
      else if (arn.service === "iam" && resourceType === "role") {
        caller.kind = "role-session";
        caller.roleArn = text;
        caller.roleArnExact = true;
        caller.roleName = lastSegment(arn.resource);
        caller.sessionKnown = false;
      } else if (arn.service === "sts" && resourceType === "assumed-role") {
        caller.kind = "role-session";
        const parts = arn.resource.split("/");
        caller.roleName = parts[1];
        caller.roleArn = `arn:${arn.partition}:iam::${arn.account}:role/${parts[1]}`;
      } else if (arn.service === "sts" && resourceType === "federated-user") caller.kind = "federated-user";
      else if (arn.service === "iam" && (resourceType === "oidc-provider" || resourceType === "saml-provider")) {
        caller.kind = "federated-provider";
        caller.account = undefined;
      }
    }
  }

  const issuer = input.sessionIssuer?.trim();
  if (issuer && caller.kind === "role-session") {
    caller.roleArn = issuer;
    caller.roleArnExact = true;
    const arn = parseArn(issuer);
    if (arn) caller.roleName = lastSegment(arn.resource);
  } else if (issuer && caller.kind === "federated-user") {
    caller.issuerUserArn = issuer;
  }
  caller.derivedKeys = derivedKeysOf(caller);
  caller.derivedEntries = caller.derivedKeys.map(([key, value]) => [key.toLowerCase(), contextEntry(key, value, true)]);
  return caller;
}

// IAM User Guide › AWS global condition context keys: aws:PrincipalArn (for a role session: the role's
// ARN), aws:PrincipalAccount, aws:PrincipalType, aws:username (IAM users only), aws:PrincipalIsAWSService.
function derivedKeysOf(caller: Caller): [string, ContextValue][] {
  const keys: [string, ContextValue][] = [];
  const text = caller.text;
  if (!text) return keys;
  if (caller.kind === "service") {
    keys.push(["aws:PrincipalIsAWSService", "true"], ["aws:PrincipalServiceName", text]);
    return keys;
  }
  if (caller.kind === "federated-provider" || caller.kind === "unknown") return keys;
  keys.push(["aws:PrincipalIsAWSService", "false"]);
  if (caller.account) keys.push(["aws:PrincipalAccount", caller.account]);
  switch (caller.kind) {
    case "user":
      keys.push(["aws:PrincipalArn", text], ["aws:PrincipalType", "User"], ["aws:username", lastSegment(text)]);
      break;
    case "role-session":
      if (caller.roleArn) keys.push(["aws:PrincipalArn", caller.roleArn]);
      keys.push(["aws:PrincipalType", "AssumedRole"]);
      break;
    case "federated-user":
      keys.push(["aws:PrincipalArn", text], ["aws:PrincipalType", "FederatedUser"]);
      break;
    case "root":
      keys.push(["aws:PrincipalArn", text], ["aws:PrincipalType", "Account"]);
      break;
    case "account":
      break;
  }
  return keys;
}

// ---------------------------------------------------------------------------------------------------
// Matching one Principal value

export interface PrincipalMatch {
  readonly result: Tri;
  readonly grant: Grant;
}

const match = (result: Tri, grant: Grant): PrincipalMatch => Object.freeze({ result, grant });
export const NOT_NAMED = match(NO, GRANT_NONE);
const NAMED_DIRECT = match(YES, GRANT_DIRECT);
const NAMED_ROLE = match(YES, GRANT_ROLE);
const NAMED_ACCOUNT = match(YES, GRANT_ACCOUNT);
const MAYBE_DIRECT = match(MAYBE, GRANT_DIRECT);
const MAYBE_ROLE = match(MAYBE, GRANT_ROLE);
const MAYBE_ACCOUNT = match(MAYBE, GRANT_ACCOUNT);

export type PrincipalMatcher = (caller: Caller) => PrincipalMatch;

function sameRole(caller: Caller, roleArn: string): boolean {
  if (caller.kind !== "role-session" || !caller.roleArn) return false;
  if (caller.roleArnExact) return caller.roleArn === roleArn;
  // The session ARN does not carry the role's path: compare partition, account and name.
  const arn = parseArn(roleArn);
  return (
    arn !== undefined &&
    arn.partition === caller.partition &&
    arn.account === caller.account &&
    lastSegment(arn.resource) === caller.roleName
  );
}

/** Compiles one `Principal` value into a matcher of the caller. */
export function compilePrincipal(value: PrincipalValue): PrincipalMatcher {
  const type: PrincipalType = value.type;
  const text = value.value;
  if (type === "*" || (type === "AWS" && text === "*")) return () => NAMED_DIRECT;

  if (hasUnresolved(text)) {
    // Unknown who is named, but a principal of another kind (a service for an AWS value) cannot be it.
    const form = principalForm(type, text);
    const grant = form === "account-id" || form === "account-root" ? MAYBE_ACCOUNT : form === "iam-role" ? MAYBE_ROLE : MAYBE_DIRECT;
    return (caller) => (kindFitsType(caller, type) ? grant : NOT_NAMED);
  }

  switch (type) {
    case "AWS": {
      const form = principalForm("AWS", text);
      switch (form) {
        case "account-id":
        case "account-root": {
          const account = form === "account-id" ? text : accountOfPrincipal(text);
          return (caller) => {
            if (!isIamCaller(caller)) return NOT_NAMED;
            if (caller.account === undefined) return caller.kind === "unknown" ? MAYBE_ACCOUNT : NOT_NAMED;
            return caller.account === account ? NAMED_ACCOUNT : NOT_NAMED;
          };
        }
        case "iam-user":
          return (caller) => {
            if (caller.kind === "user") return caller.text === text ? NAMED_DIRECT : NOT_NAMED;
            if (caller.kind === "federated-user") return caller.issuerUserArn === text ? NAMED_ROLE : NOT_NAMED;
            return caller.kind === "unknown" ? MAYBE_DIRECT : NOT_NAMED;
          };
        case "iam-role":
          return (caller) => {
            if (caller.kind === "role-session") return sameRole(caller, text) ? NAMED_ROLE : NOT_NAMED;
            return caller.kind === "unknown" ? MAYBE_ROLE : NOT_NAMED;
          };
        case "assumed-role":
          return (caller) => {
            if (caller.kind === "role-session") {
              if (caller.sessionKnown) return caller.text === text ? NAMED_DIRECT : NOT_NAMED;
              // A role given without its session: this may or may not be the session named.
              return sessionOfRole(text, caller) ? MAYBE_DIRECT : NOT_NAMED;
            }
            return caller.kind === "unknown" ? MAYBE_DIRECT : NOT_NAMED;
          };
        case "federated-user":
          return (caller) => {
            if (caller.kind === "federated-user") return caller.text === text ? NAMED_DIRECT : NOT_NAMED;
            return caller.kind === "unknown" ? MAYBE_DIRECT : NOT_NAMED;
          };
        default:
          // Not a form AWS accepts (IAM008): it names nobody.
          return () => NOT_NAMED;
      }
    }
    case "Service": {
      const lowered = text.toLowerCase();
      return (caller) => {
        if (caller.kind === "service") return caller.text?.toLowerCase() === lowered ? NAMED_DIRECT : NOT_NAMED;
        return caller.kind === "unknown" ? MAYBE_DIRECT : NOT_NAMED;
      };
    }
    case "Federated":
      return (caller) => {
        if (caller.kind === "federated-provider") return caller.text === text ? NAMED_DIRECT : NOT_NAMED;
        return caller.kind === "unknown" ? MAYBE_DIRECT : NOT_NAMED;
      };
    case "CanonicalUser":
      return (caller) => (caller.text === text ? NAMED_DIRECT : caller.kind === "unknown" ? MAYBE_DIRECT : NOT_NAMED);
  }
}

function kindFitsType(caller: Caller, type: PrincipalType): boolean {
  switch (caller.kind) {
    case "unknown":
      return true;
    case "service":
      return type === "Service";
    case "federated-provider":
      return type === "Federated";
    default:
      return type === "AWS" || type === "CanonicalUser";
  }
}

function sessionOfRole(sessionArn: string, caller: Caller): boolean {
  const arn = parseArn(sessionArn);
  if (!arn) return false;
  const roleName = arn.resource.split("/")[1];
  return arn.account === caller.account && roleName === caller.roleName;
}

// ---------------------------------------------------------------------------------------------------
// NotPrincipal

/**
 * The identities AWS checks for a caller, in order (IAM User Guide › NotPrincipal: "AWS verifies the account,
 * then the role, and then the assumed-role user"). A `NotPrincipal` exempts the caller only when it names every
 * one of them; naming only the user or the session still denies through the account.
 */
export type IdentityLink = "account" | "role" | "self";

export function identityLinks(caller: Caller): IdentityLink[] {
  switch (caller.kind) {
    case "role-session":
      return ["account", "role", "self"];
    case "user":
    case "federated-user":
    case "root":
      return ["account", "self"];
    case "account":
      return ["account"];
    default:
      return ["self"];
  }
}

export type LinkMatcher = (caller: Caller, link: IdentityLink) => Tri;

/** Compiles one `NotPrincipal` value into a test of one identity link of the caller. */
export function compileNotPrincipalLink(value: PrincipalValue): LinkMatcher {
  const type = value.type;
  const text = value.value;
  if (type === "*" || (type === "AWS" && text === "*")) return () => YES;
  if (hasUnresolved(text)) return (caller) => (kindFitsType(caller, type) ? MAYBE : NO);
  const positive = compilePrincipal(value);
  const form = type === "AWS" ? principalForm("AWS", text) : undefined;
  return (caller, link) => {
    if (caller.kind === "unknown") return MAYBE;
    switch (link) {
      case "account":
        return form === "account-id" || form === "account-root" ? positive(caller).result : NO;
      case "role":
        return form === "iam-role" ? positive(caller).result : NO;
      case "self": {
        if (form === "account-id" || (form === "account-root" && caller.kind !== "root")) return NO;
        return positive(caller).result;
      }
    }
  };
}

// The normalised IAM policy model that rules and the simulator read. Produced from a located document by
// `normalizePolicy` (src/iam/normalize.ts); every element keeps the position where it was written.

import type { Located, PolicyKind, Position } from "../iac/types.js";

export type Effect = "Allow" | "Deny";

/** `Principal` map keys as AWS writes them; `*` is the bare `"Principal": "*"`. */
export type PrincipalType = "AWS" | "Service" | "Federated" | "CanonicalUser" | "*";

export interface PrincipalValue {
  type: PrincipalType;
  /** The principal as written (`*`, an account id, an ARN, a service name); may hold `<unresolved:…>`. */
  value: string;
  at: Position;
}

export interface ConditionClause {
  /** The operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  operator: string;
  operatorAt: Position;
  /** The condition key as written (case preserved; keys compare case-insensitively). */
  key: string;
  keyAt: Position;
  /** Values as strings (booleans and numbers as their text); may hold `<unresolved:…>`. */
  values: Located<string>[];
  /** True when the whole value list is not known statically (`var.ips`, `!Ref Param`). */
  valuesUnresolved?: string;
}

export interface Statement {
  /** 0-based position in the document's Statement list. */
  index: number;
  sid?: Located<string>;
  effect: Located<Effect | string>;
  /** Exactly one of actions / notActions is set on a valid statement. */
  actions?: Located<string>[];
  notActions?: Located<string>[];
  resources?: Located<string>[];
  notResources?: Located<string>[];
  principals?: PrincipalValue[];
  notPrincipals?: PrincipalValue[];
  conditions: ConditionClause[];
  /** Element lists that are not known statically, by element name (`Action` → `var.actions`). */
  unresolved: Record<string, string>;
  /** CloudFormation `Fn::If` conditions under which this statement exists. */
  onlyIf?: string[];
  at: Position;
}

export interface Policy {
  kind: PolicyKind;
  /** A readable name for explanations: `aws_iam_policy.admin` or `DevRole Policies[0]`. */
  name: string;
  version?: Located<string>;
  id?: Located<string>;
  statements: Statement[];
  /** The whole document is not known statically (`policy = var.policy_json`): no statements were read. */
  unresolved?: string;
  /** Statements, or the whole Statement list, that are not known statically (`dynamic` blocks, `!Ref`). */
  unresolvedStatements?: Located<string>[];
  at: Position;
}

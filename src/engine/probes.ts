// Probes: simulated requests that the trust and resource-policy rules (IAM3xx, IAM4xx) use to ask "who can
// get in?" of one trust or resource-based policy, by the simulator rather than by pattern (RULES.md "Conditions
// count"). A probe is a principal and a request context; the policy under test is the resource-based policy,
// and the caller's identity side allows everything (across accounts both sides must allow, so the identity
// side must not be what stops the request).
//
// The template's own account, partition and region (`${AWS::AccountId}`, `data.aws_caller_identity.x.account_id`)
// are one fixed, unknown value each: they are replaced by placeholders (OWN_ACCOUNT…) so that the simulator can
// compare them. Every other unresolved value stays unknown, and the simulator reports what depends on it as
// undecided.

import { hasUnresolved } from "../iac/located.js";
import type { Located, Position } from "../iac/types.js";
import type { ConditionClause, Policy, PrincipalValue, Statement } from "../iam/model.js";
import { compilePolicySet, evaluate, evaluateOnAnyResource, SlotTable, type CompiledPolicySet, type ContextValue, type Decision } from "../simulator/index.js";

/** Stands for the account that owns the role / resource under review. */
export const OWN_ACCOUNT = "100000000001";
/** Some other account, with no relation to the owner. */
export const OUTSIDER_ACCOUNT = "900000000009";
const OWN_PARTITION = "aws";
const OWN_REGION = "us-east-1";
/** A name no real policy uses, for probe users, roles and sessions. */
export const PROBE_NAME = "iam-review-probe";

const OWN_ACCOUNT_EXPRESSION = /^(?:!Ref )?AWS::AccountId$|^data\.aws_caller_identity\.[\w-]+\.account_id$/;
const OWN_PARTITION_EXPRESSION = /^(?:!Ref )?AWS::Partition$|^data\.aws_partition\.[\w-]+\.partition$/;
const OWN_REGION_EXPRESSION = /^(?:!Ref )?AWS::Region$|^data\.aws_region\.[\w-]+\.(?:name|region)$/;

/** `!Ref AWS::AccountId`, `data.aws_caller_identity.current.account_id`: the template's own account. */
export function isOwnAccountExpression(expr: string): boolean {
  return OWN_ACCOUNT_EXPRESSION.test(expr);
}

/** The same text with the template's own account, partition and region markers replaced by placeholders. */
export function withOwnEnvironment(text: string): string {
  if (!hasUnresolved(text)) return text;
  return text.replace(/<unresolved:([^>]*)>/g, (marker, expr: string) => {
    if (OWN_ACCOUNT_EXPRESSION.test(expr)) return OWN_ACCOUNT;
    if (OWN_PARTITION_EXPRESSION.test(expr)) return OWN_PARTITION;
    if (OWN_REGION_EXPRESSION.test(expr)) return OWN_REGION;
    return marker;
  });
}

function located(values: Located<string>[] | undefined): Located<string>[] | undefined {
  return values?.map((item) => ({ ...item, value: withOwnEnvironment(item.value) }));
}

function principalsOf(values: PrincipalValue[] | undefined): PrincipalValue[] | undefined {
  return values?.map((item) => ({ ...item, value: withOwnEnvironment(item.value) }));
}

/**
 * A whole principal element that is the template's own account (`AWS: !Ref AWS::AccountId`) is known: it
 * becomes that account. Other unknown elements stay unknown.
 */
function resolveOwnPrincipalElement(statement: Statement, key: "Principal" | "NotPrincipal"): Pick<Statement, "principals" | "notPrincipals" | "unresolved"> {
  const listKey = key === "Principal" ? "principals" : "notPrincipals";
  const unresolved = { ...statement.unresolved };
  let list = principalsOf(statement[listKey]);
  const expr = unresolved[`${key}.AWS`];
  if (expr !== undefined && isOwnAccountExpression(expr)) {
    delete unresolved[`${key}.AWS`];
    list = [...(list ?? []), { type: "AWS", value: OWN_ACCOUNT, at: statement.at }];
  }
  return { [listKey]: list, unresolved };
}

function conditionOf(clause: ConditionClause): ConditionClause {
  return { ...clause, key: withOwnEnvironment(clause.key), values: clause.values.map((item) => ({ ...item, value: withOwnEnvironment(item.value) })) };
}

/** A copy of the policy in which the template's own account, partition and region are the placeholders. */
export function policyInOwnEnvironment(policy: Policy): Policy {
  const statements = policy.statements.map((statement): Statement => {
    const principal = resolveOwnPrincipalElement(statement, "Principal");
    const notPrincipal = resolveOwnPrincipalElement({ ...statement, unresolved: principal.unresolved }, "NotPrincipal");
    return {
      ...statement,
      actions: located(statement.actions),
      notActions: located(statement.notActions),
      resources: located(statement.resources),
      notResources: located(statement.notResources),
      principals: principal.principals,
      notPrincipals: notPrincipal.notPrincipals,
      unresolved: notPrincipal.unresolved,
      conditions: statement.conditions.map(conditionOf),
    };
  });
  return { ...policy, statements };
}

const PROBE_POSITION: Position = { path: "(iam-review probe)", startLine: 0, endLine: 0 };

/** The caller's identity side: allows everything, so that only the policy under test decides. */
const IDENTITY_ALLOWS_EVERYTHING: Policy = {
  kind: "identity",
  name: "(an identity policy that allows everything)",
  version: { value: "2012-10-17", at: PROBE_POSITION },
  statements: [
    {
      index: 0,
      effect: { value: "Allow", at: PROBE_POSITION },
      actions: [{ value: "*", at: PROBE_POSITION }],
      resources: [{ value: "*", at: PROBE_POSITION }],
      conditions: [],
      unresolved: {},
      at: PROBE_POSITION,
    },
  ],
  at: PROBE_POSITION,
};

/**
 * A resource-based policy names only its own resource (the bucket and its objects, the queue, the key), so an
 * unresolved `Resource` (`aws_s3_bucket.b.arn`, `!GetAtt Queue.Arn`) is that resource: each distinct expression
 * becomes one made-up resource, the same wherever it is written, so that an Allow and a Deny on the same
 * reference still meet. Who may act on it is what the probes ask; which resource it is does not matter.
 */
function withConcreteResources(policy: Policy): Policy {
  const tokens = new Map<string, string>();
  const tokenFor = (expr: string) => {
    let token = tokens.get(expr);
    if (token === undefined) tokens.set(expr, (token = `${PROBE_NAME}-resource-${tokens.size + 1}`));
    return token;
  };
  const concrete = (values: Located<string>[] | undefined) =>
    values?.map((item) => ({ ...item, value: item.value.replace(/<unresolved:([^>]*)>/g, (_marker, expr: string) => tokenFor(expr)) }));
  return {
    ...policy,
    statements: policy.statements.map((statement) => {
      // A whole element that is unknown (`Resource: !GetAtt Queue.Arn`) is the resource too.
      const unresolved = { ...statement.unresolved };
      const element = (key: "Resource" | "NotResource", values: Located<string>[] | undefined) => {
        const expr = unresolved[key];
        if (expr === undefined) return concrete(values);
        delete unresolved[key];
        return [...(concrete(values) ?? []), { value: tokenFor(expr), at: statement.at }];
      };
      return { ...statement, resources: element("Resource", statement.resources), notResources: element("NotResource", statement.notResources), unresolved };
    }),
  };
}

// Most trust and resource-policy rules probe the same documents: each is compiled once and shared. Keyed
// weakly by the policy, so the compiled sets go with the review model that holds the documents.
const compiledForProbes = new WeakMap<Policy, CompiledPolicySet>();

// The probed sets share one pattern table: every one of them holds the allow-everything identity policy, and
// resource policies repeat the same patterns. Started afresh when it has grown large (a long-running App).
const PROBE_SLOTS_LIMIT = 20_000;
let probeSlots = new SlotTable();

/** The policy under test as the resource-based policy of a request whose identity side allows everything. */
export function compileForProbes(policy: Policy): CompiledPolicySet {
  let compiled = compiledForProbes.get(policy);
  if (!compiled) {
    if (probeSlots.size > PROBE_SLOTS_LIMIT) probeSlots = new SlotTable();
    compiled = compilePolicySet({ identity: [IDENTITY_ALLOWS_EVERYTHING], resource: withConcreteResources(policyInOwnEnvironment(policy)) }, probeSlots);
    compiledForProbes.set(policy, compiled);
  }
  return compiled;
}

export interface Probe {
  /** Who asks: an IAM ARN, an account id, a service principal or an identity provider. */
  principal: string;
  context: Record<string, ContextValue>;
}

/**
 * Asks whether the probe may perform `action` on some resource that the policy governs (the role of a trust
 * policy, the bucket and objects of a bucket policy…), in the owner's account.
 */
export function askProbe(compiled: CompiledPolicySet, action: string, probe: Probe): Decision {
  return evaluateOnAnyResource(action, compiled, {
    principal: probe.principal,
    context: probe.context,
    resourceAccount: OWN_ACCOUNT,
    explain: false,
  });
}

/** Asks whether the probe may perform `action` on one resource of the owner's account (or of `resourceAccount`). */
export function askProbeOn(compiled: CompiledPolicySet, action: string, resource: string, probe: Probe, resourceAccount = OWN_ACCOUNT): Decision {
  return evaluate(
    { action, resource, principal: probe.principal, context: probe.context, resourceAccount },
    compiled,
    { explain: false },
  );
}

/** The statements of the policy under test that allowed the request. */
export function allowingStatements(decision: Decision): number[] {
  if (decision.decision !== "allowed") return [];
  return decision.matched.filter((match) => match.layer === "resource" && match.effect === "Allow").map((match) => match.index);
}

// ---------------------------------------------------------------------------------------------------
// Outsiders: anybody, from an account that has nothing to do with the owner.

/** Made-up values for the keys that restrict who or where, none of which a real policy names. */
const OUTSIDER_KEYS: Record<string, ContextValue> = {
  "aws:PrincipalOrgID": `o-${PROBE_NAME}`,
  "aws:PrincipalOrgPaths": [`o-${PROBE_NAME}/r-probe/ou-probe-${PROBE_NAME}/`],
  "aws:SourceAccount": OUTSIDER_ACCOUNT,
  "aws:SourceOwner": OUTSIDER_ACCOUNT,
  "aws:SourceArn": `arn:aws:s3:::${PROBE_NAME}-${OUTSIDER_ACCOUNT}`,
  "aws:SourceOrgID": `o-${PROBE_NAME}`,
  "aws:SourceOrgPaths": [`o-${PROBE_NAME}/r-probe/ou-probe-${PROBE_NAME}/`],
  "aws:SourceVpce": `vpce-0${PROBE_NAME}`,
  "aws:SourceVpc": `vpc-0${PROBE_NAME}`,
  "aws:VpceAccount": OUTSIDER_ACCOUNT,
  // An address in 192.88.99.0/24, the retired 6to4 relay range that no allow list holds (RFC 7526).
  "aws:SourceIp": "192.88.99.7",
  "sts:ExternalId": PROBE_NAME,
  "kms:CallerAccount": OUTSIDER_ACCOUNT,
};

/** An IAM user of an unrelated account. */
const OUTSIDER_USER = `arn:aws:iam::${OUTSIDER_ACCOUNT}:user/${PROBE_NAME}`;

/** A role session of an unrelated account: its requests carry no `aws:username`. */
const OUTSIDER_SESSION = `arn:aws:sts::${OUTSIDER_ACCOUNT}:assumed-role/${PROBE_NAME}/${PROBE_NAME}`;

/**
 * Two probes for "public": one with none of the restricting keys in the request (a plain request from the
 * internet or another account), one with every restricting key present but holding the outsider's own values
 * (an outsider may call through its own VPC endpoint, from its own organisation, pass its own external id).
 * A condition restricts only if it stops both: `StringLike aws:PrincipalArn "*"`, `aws:SourceVpce` like
 * `vpce-*` or `IpAddress 0.0.0.0/0` stop neither. Function URLs carry their auth type, so both are tried.
 * A role session asks too: it has no `aws:username`, so `ForAllValues:StringEquals aws:username` (true when
 * the key is missing) does not pass for a restriction because the user probe has a name of its own.
 */
export function outsiderProbes(): Probe[] {
  const base = { "aws:SecureTransport": "true" };
  return [
    { principal: OUTSIDER_USER, context: { ...base } },
    { principal: OUTSIDER_SESSION, context: { ...base } },
    { principal: OUTSIDER_USER, context: { ...base, ...OUTSIDER_KEYS, "lambda:FunctionUrlAuthType": "NONE" } },
    { principal: OUTSIDER_USER, context: { ...base, ...OUTSIDER_KEYS, "lambda:FunctionUrlAuthType": "AWS_IAM" } },
  ];
}

/** The outsider probes, made once: the simulator only reads a probe's context. */
const OUTSIDER_PROBES: readonly Probe[] = outsiderProbes();

/** The exposures found in each document (weakly, like the compiled sets), with the set they were found with. */
const exposuresOf = new WeakMap<Policy, { compiled: CompiledPolicySet; exposures: Exposure[] }>();

/** An action no Allow or Deny names, for statements that use `NotAction`. */
const PROBE_ACTION = `${PROBE_NAME}:Probe`;

export interface Exposure {
  statement: Statement;
  /** The statement's actions (as written) that an outsider is allowed. */
  actions: string[];
  /** True when an outsider is allowed only if statements that depend on unresolved values do not apply. */
  undecided: boolean;
}

/** `"*"` or `{"AWS": "*"}`: names everybody. */
export function isWildcardPrincipal(principal: PrincipalValue): boolean {
  return principal.type === "*" || (principal.type === "AWS" && principal.value === "*");
}

/**
 * The Allow statements of a policy that let an outsider in: those whose principal is a wildcard (or a
 * NotPrincipal, "everyone except"), decided for each of their actions by the outsider probes. A statement
 * whose conditions or a Deny stop every probe is not exposed; one that is stopped only by a statement that
 * depends on unresolved values is exposed but `undecided`.
 */
export function outsiderExposures(policy: Policy, compiled: CompiledPolicySet = compileForProbes(policy)): Exposure[] {
  // IAM301, IAM401 and IAM404 ask this of the same documents.
  const known = exposuresOf.get(policy);
  if (known?.compiled === compiled) return known.exposures;
  const exposures = findOutsiderExposures(policy, compiled);
  exposuresOf.set(policy, { compiled, exposures });
  return exposures;
}

function findOutsiderExposures(policy: Policy, compiled: CompiledPolicySet): Exposure[] {
  const exposures: Exposure[] = [];
  const probes = OUTSIDER_PROBES;
  for (const statement of policy.statements) {
    if (statement.effect.value !== "Allow") continue;
    const namesEverybody = (statement.principals ?? []).some(isWildcardPrincipal) || statement.notPrincipals !== undefined;
    if (!namesEverybody) continue;
    const actions = statement.actions?.map((action) => action.value) ?? (statement.notActions ? [PROBE_ACTION] : []);
    const allowed: string[] = [];
    let undecided = false;
    for (const action of actions) {
      if (hasUnresolved(action)) continue;
      let clean = false;
      for (const probe of probes) {
        const decision = askProbe(compiled, action, probe);
        if (!allowingStatements(decision).includes(statement.index)) continue;
        if (decision.undecided) undecided = true;
        else clean = true;
        if (clean) break;
      }
      if (clean) allowed.push(action === PROBE_ACTION ? "every action but those in NotAction" : action);
    }
    if (allowed.length > 0) exposures.push({ statement, actions: allowed, undecided: false });
    else if (undecided) exposures.push({ statement, actions: actions.filter((action) => !hasUnresolved(action)), undecided: true });
  }
  return exposures;
}

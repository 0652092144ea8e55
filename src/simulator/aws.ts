// The optional AWS backend: asks AWS's own policy simulator (IAM `SimulateCustomPolicy`) the questions the
// local evaluator answers, so that a disagreement can be reported (SIM003). The only module that imports
// the AWS SDK. Off unless the operator enables it (`aws_simulator: { enabled: true }`); the engine decides
// when to call it (never automatically for pull requests from forks: src/engine/aws-cross-check.ts).
//
// - Credentials come from the SDK's default provider chain (environment, shared config, SSO, web identity,
//   container or instance role): an operator grants a role, never static keys in configuration. Tests
//   inject credentials (and a client), so nothing probes the instance metadata service.
// - AWS evaluates identity policies, one resource-based policy and a permissions boundary, nothing else:
//   questions with SCPs, session policies, role trust policies or values not known statically are
//   skipped, with the reason.
// - The documents are sent as JSON generated here, pretty-printed one element per line, with a map from
//   line to statement: AWS's `MatchedStatements[].StartPosition` (a line of the JSON we sent) is mapped
//   back to the statement's position in the user's file.
// - Throttling and errors never fail a review: the answer is `failed` with a notice, the local answer stands.

import type {
  IAMClient,
  ContextEntry,
  ContextKeyTypeEnum,
  EvaluationResult,
  SimulateCustomPolicyCommandInput,
  Statement as AwsStatement,
} from "@aws-sdk/client-iam";
import { hasUnresolved } from "../iac/located.js";
import type { Position } from "../iac/types.js";
import { parseArn } from "../iam/arn.js";
import type { Policy, Statement } from "../iam/model.js";
import { parseOperator, type OperatorFamily } from "./conditions.js";
import { deriveCaller } from "./principals.js";
import type { ContextValue, DecisionValue, EvaluationRequest, MatchedStatement, PolicySet } from "./types.js";

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface AwsSimulatorOptions {
  /** The region the client is configured for; IAM itself is global (signed for us-east-1). */
  region: string;
  /** Tests only. Without them the SDK's default provider chain finds the operator's role. */
  credentials?: AwsCredentials;
  /** A configured client (tests inject one with `maxAttempts: 1`). */
  client?: IAMClient;
  /** `MaxItems` per page; AWS's default when undefined. */
  pageSize?: number;
}

/** One question for AWS: the same request and policies the local evaluator got. */
export interface AwsQuestion {
  request: EvaluationRequest;
  policies: PolicySet;
}

/** A statement AWS says decided, mapped back to where it is written. */
export interface AwsMatchedStatement {
  /** AWS's id of the input: `PolicyInputList.1`, `PermissionsBoundaryPolicyInputList.1`, `ResourcePolicy`. */
  sourcePolicyId?: string;
  /** The policy's name (as the local evaluator names it), when the id maps to one we sent. */
  policy?: string;
  sid?: string;
  /** 0-based index of the statement in its policy. */
  index?: number;
  /** Where the statement is written in the user's file. */
  at?: Position;
}

export type AwsAnswer =
  | { status: "answered"; decision: DecisionValue; matched: AwsMatchedStatement[]; missingContext: string[] }
  /** AWS cannot answer this question the way the local evaluator asked it. */
  | { status: "skipped"; reason: string }
  /** Throttled, refused or unreachable: the local answer stands. */
  | { status: "failed"; notice: string };

export interface AwsSimulator {
  /** One answer per question, in order. Never rejects. */
  simulate(questions: readonly AwsQuestion[]): Promise<AwsAnswer[]>;
}

export interface Disagreement<LocalMatch = MatchedStatement> {
  local: DecisionValue;
  aws: DecisionValue;
  localMatched: readonly LocalMatch[];
  awsMatched: AwsMatchedStatement[];
  /** Where AWS says the decision was made: the first statement it matched, in the user's file. */
  at?: Position;
}

/** A disagreement between a local decision and AWS's answer, or undefined (they agree, or AWS did not answer). */
export function crossCheck<LocalMatch = MatchedStatement>(
  local: { decision: DecisionValue; matched: readonly LocalMatch[] },
  answer: AwsAnswer,
): Disagreement<LocalMatch> | undefined {
  if (answer.status !== "answered" || answer.decision === local.decision) return undefined;
  const disagreement: Disagreement<LocalMatch> = { local: local.decision, aws: answer.decision, localMatched: local.matched, awsMatched: answer.matched };
  const at = answer.matched.find((statement) => statement.at)?.at;
  if (at) disagreement.at = at;
  return disagreement;
}

/** Why AWS's simulator cannot answer this question as the local evaluator asked it, or undefined when it can. */
export function awsCannotAnswer(question: AwsQuestion): string | undefined {
  const { request, policies } = question;
  if (policies.scps && policies.scps.length > 0) return "AWS's simulator does not take service control policies";
  if (policies.session) return "AWS's simulator does not take session policies";
  if (policies.resource?.kind === "trust") return "role trust policies are not cross-checked (AWS takes only an IAM user as the caller of a resource policy)";
  if (policies.identity.length === 0) return "AWS's simulator needs at least one identity-based policy";
  const caller = deriveCaller(request);
  if (policies.resource && caller.kind !== "user") return "AWS's simulator takes only an IAM user as the caller of a resource policy";
  if (caller.kind === "service" || caller.kind === "federated-provider") return "AWS's simulator does not simulate service or identity-provider callers";
  const texts = [request.action, request.resource, request.principal ?? "", request.resourceAccount ?? ""];
  for (const value of Object.values(request.context ?? {})) texts.push(...(Array.isArray(value) ? value : [value]));
  if (texts.some(hasUnresolved)) return "the request holds values not known statically";
  for (const policy of allPolicies(policies)) {
    const unknown = unknownPart(policy);
    if (unknown) return `${policy.name} ${unknown}`;
  }
  return undefined;
}

/** Creates the backend. Nothing is sent until `simulate` is called. */
export function createAwsSimulator(options: AwsSimulatorOptions): AwsSimulator {
  // The SDK is loaded on the first question: a scan that never asks AWS does not pay for loading it.
  let client: IAMClient | undefined = options.client;
  const clientOnce = async (): Promise<IAMClient> => {
    if (client) return client;
    const { IAMClient } = await import("@aws-sdk/client-iam");
    client = new IAMClient({ region: options.region, ...(options.credentials ? { credentials: options.credentials } : {}) });
    return client;
  };
  return {
    async simulate(questions) {
      const answers: AwsAnswer[] = questions.map((question) => {
        const reason = awsCannotAnswer(question);
        return reason ? { status: "skipped", reason } : { status: "failed", notice: "not asked" };
      });
      // Questions with the same policies, resource, caller and context go to AWS as one call with several actions.
      const groups = new Map<string, { call: PreparedCall; members: number[] }>();
      questions.forEach((question, position) => {
        if (answers[position].status === "skipped") return;
        const call = prepareCall(question);
        const group = groups.get(call.key);
        if (group) group.members.push(position);
        else groups.set(call.key, { call, members: [position] });
      });
      for (const { call, members } of groups.values()) {
        const actions = [...new Set(members.map((position) => questions[position].request.action))];
        const outcome = await runCall(await clientOnce(), call, actions, options.pageSize);
        for (const position of members) {
          const action = questions[position].request.action.toLowerCase();
          if ("notice" in outcome) answers[position] = { status: "failed", notice: outcome.notice };
          else {
            const result = outcome.results.find((candidate) => candidate.EvalActionName?.toLowerCase() === action);
            answers[position] = result
              ? answerOf(result, call)
              : { status: "failed", notice: `AWS's simulator returned no result for ${questions[position].request.action}` };
          }
        }
      }
      return answers;
    },
  };
}

// ------------------------------------------------------------------------------------------ the call

/** A rendered document and which line each of its statements starts on. */
export interface RenderedPolicy {
  json: string;
  policy: Policy;
  /** Ascending start lines (1-based), one per statement sent. */
  statementLines: { line: number; statement: Statement }[];
}

interface PreparedCall {
  key: string;
  input: Omit<SimulateCustomPolicyCommandInput, "ActionNames">;
  /** By AWS's source policy id (`PolicyInputList.1`…). */
  rendered: Map<string, RenderedPolicy>;
  resource: string;
}

function prepareCall(question: AwsQuestion): PreparedCall {
  const { request, policies } = question;
  const rendered = new Map<string, RenderedPolicy>();
  const identity = policies.identity.map((policy, position) => {
    const document = renderPolicyForAws(policy);
    rendered.set(`PolicyInputList.${position + 1}`, document);
    return document.json;
  });
  const input: Omit<SimulateCustomPolicyCommandInput, "ActionNames"> = { PolicyInputList: identity, ResourceArns: [request.resource] };
  if (policies.boundary) {
    const document = renderPolicyForAws(policies.boundary);
    rendered.set("PermissionsBoundaryPolicyInputList.1", document);
    input.PermissionsBoundaryPolicyInputList = [document.json];
  }
  if (policies.resource) {
    const document = renderPolicyForAws(policies.resource);
    rendered.set("ResourcePolicy", document);
    input.ResourcePolicy = document.json;
  }
  const caller = deriveCaller(request);
  if (caller.kind === "user" && request.principal) input.CallerArn = request.principal;
  const resourceAccount = request.resourceAccount ?? (parseArn(request.resource)?.account || undefined) ?? caller.account;
  if (resourceAccount) input.ResourceOwner = `arn:${caller.partition}:iam::${resourceAccount}:root`;
  const entries = contextEntries(request, policies);
  if (entries.length > 0) input.ContextEntries = entries;
  return { key: JSON.stringify(input), input, rendered, resource: request.resource };
}

/**
 * The request's context for AWS: the keys given, and the keys the local evaluator derives from the
 * principal (`aws:PrincipalArn`, `aws:username`…), so both simulators see the same request. Each key's
 * type follows the condition operators the policies use it with.
 */
function contextEntries(request: EvaluationRequest, policies: PolicySet): ContextEntry[] {
  const values = new Map<string, { key: string; value: ContextValue }>();
  for (const [key, value] of deriveCaller(request).derivedKeys) values.set(key.toLowerCase(), { key, value });
  for (const [key, value] of Object.entries(request.context ?? {})) values.set(key.toLowerCase(), { key, value });
  const families = operatorFamilies(policies);
  return [...values.values()].map(({ key, value }) => {
    const list = Array.isArray(value) ? value : [value];
    const family = families.get(key.toLowerCase());
    return { ContextKeyName: key, ContextKeyValues: list, ContextKeyType: contextType(family, Array.isArray(value)) };
  });
}

const FAMILY_TYPE: Partial<Record<OperatorFamily, string>> = { Numeric: "numeric", Date: "date", Bool: "boolean", Binary: "binary", IpAddress: "ip" };

function contextType(family: OperatorFamily | undefined, multivalued: boolean): ContextKeyTypeEnum {
  const single = (family && FAMILY_TYPE[family]) ?? "string";
  return (multivalued ? `${single}List` : single) as ContextKeyTypeEnum;
}

function operatorFamilies(policies: PolicySet): Map<string, OperatorFamily> {
  const families = new Map<string, OperatorFamily>();
  for (const policy of allPolicies(policies)) {
    for (const statement of policy.statements) {
      for (const clause of statement.conditions) {
        const family = parseOperator(clause.operator).info?.family;
        if (family && family !== "Null" && family !== "String" && family !== "Arn") families.set(clause.key.toLowerCase(), family);
      }
    }
  }
  return families;
}

async function runCall(
  client: IAMClient,
  call: PreparedCall,
  actions: string[],
  pageSize: number | undefined,
): Promise<{ results: EvaluationResult[] } | { notice: string }> {
  const results: EvaluationResult[] = [];
  try {
    const { paginateSimulateCustomPolicy } = await import("@aws-sdk/client-iam");
    const pages = paginateSimulateCustomPolicy({ client, ...(pageSize !== undefined ? { pageSize } : {}) }, { ...call.input, ActionNames: actions });
    for await (const page of pages) results.push(...(page.EvaluationResults ?? []));
    return { results };
  } catch (error) {
    return { notice: failureNotice(error) };
  }
}

function failureNotice(error: unknown): string {
  const name = error instanceof Error ? error.name : "Error";
  const message = error instanceof Error ? error.message : String(error);
  const throttled = /throttl|rate exceeded|too many requests|requestlimitexceeded/i.test(`${name} ${message}`);
  return throttled
    ? `AWS's policy simulator throttled the request (${name}); the local answer stands`
    : `AWS's policy simulator could not answer (${name}: ${message}); the local answer stands`;
}

function answerOf(result: EvaluationResult, call: PreparedCall): AwsAnswer {
  // Per-resource results carry the decision for the ARN we sent; the top level is the union.
  const specific = result.ResourceSpecificResults?.find((entry) => entry.EvalResourceName === call.resource);
  const decision = specific?.EvalResourceDecision ?? result.EvalDecision;
  if (decision !== "allowed" && decision !== "explicitDeny" && decision !== "implicitDeny") {
    return { status: "failed", notice: `AWS's policy simulator returned an unknown decision (${String(decision)})` };
  }
  const statements = specific?.MatchedStatements ?? result.MatchedStatements ?? [];
  const missing = specific?.MissingContextValues ?? result.MissingContextValues ?? [];
  return { status: "answered", decision, matched: statements.map((statement) => mapStatement(statement, call)), missingContext: [...missing] };
}

/** AWS's position (a line of the JSON we sent) → the statement, and where the user wrote it. */
function mapStatement(statement: AwsStatement, call: PreparedCall): AwsMatchedStatement {
  const mapped: AwsMatchedStatement = {};
  if (statement.SourcePolicyId !== undefined) mapped.sourcePolicyId = statement.SourcePolicyId;
  const rendered = statement.SourcePolicyId !== undefined ? call.rendered.get(statement.SourcePolicyId) : undefined;
  if (!rendered) return mapped;
  mapped.policy = rendered.policy.name;
  const line = statement.StartPosition?.Line;
  if (line === undefined) return mapped;
  let found: Statement | undefined;
  for (const entry of rendered.statementLines) if (entry.line <= line) found = entry.statement;
  if (found) {
    mapped.index = found.index;
    mapped.at = found.at;
    if (found.sid) mapped.sid = found.sid.value;
  }
  return mapped;
}

// ------------------------------------------------------------------------------------------ documents

/**
 * The policy as JSON for AWS: pretty-printed, each statement starting on a line of its own, with the line
 * where each starts. Characters beyond Latin-1 are escaped (AWS accepts only those in a policy string).
 */
export function renderPolicyForAws(policy: Policy): RenderedPolicy {
  const lines = ["{"];
  if (policy.version) lines.push(`  "Version": ${JSON.stringify(policy.version.value)},`);
  if (policy.id) lines.push(`  "Id": ${JSON.stringify(policy.id.value)},`);
  lines.push(`  "Statement": [`);
  const statementLines: { line: number; statement: Statement }[] = [];
  policy.statements.forEach((statement, position) => {
    const text = JSON.stringify(plainStatement(statement), null, 2).split("\n").map((line) => `    ${line}`);
    statementLines.push({ line: lines.length + 1, statement });
    if (position < policy.statements.length - 1) text[text.length - 1] += ",";
    lines.push(...text);
  });
  lines.push("  ]", "}");
  const json = lines.join("\n").replace(/[\u0100-\uffff]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return { json, policy, statementLines };
}

type PlainValue = string | string[] | Record<string, string | string[]> | Record<string, Record<string, string | string[]>>;

function plainStatement(statement: Statement): Record<string, PlainValue> {
  const plain: Record<string, PlainValue> = {};
  if (statement.sid) plain.Sid = statement.sid.value;
  plain.Effect = statement.effect.value;
  const principals = (values: NonNullable<Statement["principals"]>): PlainValue => {
    if (values.some((value) => value.type === "*")) return "*";
    const byType: Record<string, string[]> = {};
    for (const value of values) (byType[value.type] ??= []).push(value.value);
    return byType;
  };
  if (statement.principals) plain.Principal = principals(statement.principals);
  if (statement.notPrincipals) plain.NotPrincipal = principals(statement.notPrincipals);
  const list = (values: { value: string }[]) => values.map((value) => value.value);
  if (statement.actions) plain.Action = list(statement.actions);
  if (statement.notActions) plain.NotAction = list(statement.notActions);
  if (statement.resources) plain.Resource = list(statement.resources);
  if (statement.notResources) plain.NotResource = list(statement.notResources);
  if (statement.conditions.length > 0) {
    const conditions: Record<string, Record<string, string[]>> = {};
    for (const clause of statement.conditions) (conditions[clause.operator] ??= {})[clause.key] = list(clause.values);
    plain.Condition = conditions;
  }
  return plain;
}

function allPolicies(policies: PolicySet): Policy[] {
  return [...policies.identity, ...(policies.resource ? [policies.resource] : []), ...(policies.boundary ? [policies.boundary] : [])];
}

/** What keeps a document from being sent as the local evaluator read it. */
function unknownPart(policy: Policy): string | undefined {
  if (policy.unresolved !== undefined || (policy.unresolvedStatements ?? []).length > 0) return "is not known statically";
  for (const statement of policy.statements) {
    if (Object.keys(statement.unresolved).length > 0 || statement.onlyIf || statement.conditions.some((clause) => clause.valuesUnresolved !== undefined)) {
      return `statement #${statement.index} depends on values not known statically`;
    }
    const texts = [
      statement.effect.value,
      ...(statement.actions ?? []).map((item) => item.value),
      ...(statement.notActions ?? []).map((item) => item.value),
      ...(statement.resources ?? []).map((item) => item.value),
      ...(statement.notResources ?? []).map((item) => item.value),
      ...(statement.principals ?? []).map((item) => item.value),
      ...(statement.notPrincipals ?? []).map((item) => item.value),
      ...statement.conditions.flatMap((clause) => clause.values.map((item) => item.value)),
    ];
    if (texts.some(hasUnresolved)) return `statement #${statement.index} depends on values not known statically`;
  }
  return undefined;
}

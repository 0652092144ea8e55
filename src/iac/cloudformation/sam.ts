// SAM (`Transform: AWS::Serverless-2016-10-31`): the policies of the role SAM generates for a function or a
// state machine. `Policies` may be an AWS managed policy name or ARN, an inline document, or a SAM policy
// template (expanded from the project's own table); `Globals.Function` adds to every function.
//
// The principal of these policies is the function's logical id: SAM names the generated role
// `<LogicalId>Role`, but that resource exists only after the transform, and the rules and assertions of
// users address the function they wrote.

import { fromPlain, getEntry, literalString } from "../located.js";
import type { LocatedValue, Position } from "../types.js";
import { nothing, propertyPath, type TemplateContext, type TemplateResource } from "./context.js";
import { branches } from "./documents.js";
import { relocate } from "./positions.js";
import { intrinsicArgument, intrinsicName, NO_VALUE, refTarget, resolveIntrinsics } from "./intrinsics.js";
import { SAM_POLICY_TEMPLATES } from "./sam-policy-templates.js";

export const SAM_TRANSFORM = "AWS::Serverless-2016-10-31";

const ROLE_OWNERS = new Set(["AWS::Serverless::Function", "AWS::Serverless::StateMachine"]);

export function isSamRoleOwner(type: string): boolean {
  return ROLE_OWNERS.has(type);
}

/**
 * The generated role's policies of one function or state machine. Returns false when the resource brings
 * its own `Role`: SAM then ignores `Policies` (and so do we — not an error, SAM's documented behaviour).
 */
export function samRolePolicies(
  ctx: TemplateContext,
  resource: TemplateResource,
  properties: LocatedValue,
  prefix: string,
): boolean {
  if (hasExplicitRole(getEntry(properties, "Role"))) return false;
  const id = resource.logicalId;
  samPolicies(ctx, resource, getEntry(properties, "Policies"), propertyPath(prefix, "Policies"), [id]);
  ctx.emitBoundary(resource, getEntry(properties, "PermissionsBoundary"), propertyPath(prefix, "PermissionsBoundary"), id, "role");
  ctx.emitDocument(resource, getEntry(properties, "AssumeRolePolicyDocument"), propertyPath(prefix, "AssumeRolePolicyDocument"), {
    kind: "trust",
    attachedTo: [id],
  });
  return true;
}

/** A `Role` that may be `AWS::NoValue` (under a condition) does not replace the generated role everywhere. */
function hasExplicitRole(role: LocatedValue | undefined): boolean {
  if (!role || refTarget(role) === NO_VALUE) return false;
  if (intrinsicName(role) !== "Fn::If") return true;
  const argument = intrinsicArgument(role);
  return argument.kind !== "array" || argument.items.slice(1).every(hasExplicitRole);
}

/** A function that generates its role: what `Globals.Function` applies to. */
export interface GeneratedRole {
  logicalId: string;
  hasOwnBoundary: boolean;
}

/** `Globals.Function.Policies` and `PermissionsBoundary` apply to every function that generates its role. */
export function samGlobals(ctx: TemplateContext, root: LocatedValue, functions: GeneratedRole[]): void {
  const globalsFunction = getEntry(getEntry(root, "Globals") ?? nothing(root.at), "Function");
  if (!globalsFunction || globalsFunction.kind !== "object" || functions.length === 0) return;
  const globals: TemplateResource = {
    logicalId: "Globals",
    type: "AWS::Serverless::Function",
    definition: globalsFunction,
    properties: globalsFunction,
    at: globalsFunction.at,
  };
  const principals = functions.map((fn) => fn.logicalId);
  samPolicies(ctx, globals, getEntry(globalsFunction, "Policies"), "Function.Policies", principals);
  const boundary = getEntry(globalsFunction, "PermissionsBoundary");
  for (const fn of functions.filter((candidate) => !candidate.hasOwnBoundary)) {
    ctx.emitBoundary(globals, boundary, "Function.PermissionsBoundary", fn.logicalId, "role");
  }
}

/** `Policies`: a string, a list, or a single inline document; `Fn::If` at any level. */
function samPolicies(
  ctx: TemplateContext,
  resource: TemplateResource,
  raw: LocatedValue | undefined,
  path: string,
  principals: string[],
): void {
  for (const branch of branches(raw, path)) {
    if (branch.value.kind === "array") {
      branch.value.items.forEach((item, index) => {
        for (const option of branches(item, `${branch.path}[${index}]`)) samPolicyItem(ctx, resource, option.value, option.path, principals);
      });
    } else {
      samPolicyItem(ctx, resource, branch.value, branch.path, principals);
    }
  }
}

function samPolicyItem(ctx: TemplateContext, resource: TemplateResource, item: LocatedValue, path: string, principals: string[]): void {
  if (item.kind === "string") {
    const arn = managedPolicyArn(item);
    attachManaged(ctx, resource, arn, path, principals, arn.kind === "string" && !item.value.startsWith("arn:"));
  } else if (intrinsicName(item)) {
    attachManaged(ctx, resource, item, path, principals, false);
  } else if (item.kind === "object" && getEntry(item, "Statement")) {
    ctx.emitOneDocument(resource, item, path, { kind: "identity", attachedTo: principals });
  } else if (item.kind === "object" && item.entries.length === 1) {
    expandPolicyTemplate(ctx, resource, item, path, principals);
  } else {
    ctx.error(item.at, `${resource.logicalId}.${path}: not a SAM policy (a managed policy name or ARN, a document with Statement, or a policy template)`, resource.logicalId, true);
  }
}

/** A bare name (`AWSLambdaExecute`) is an AWS managed policy; SAM turns it into its ARN. */
function managedPolicyArn(item: LocatedValue & { kind: "string" }): LocatedValue {
  if (item.value.startsWith("arn:")) return item;
  // A dynamic reference (`{{resolve:ssm:name}}`) is resolved by CloudFormation at deploy time: not a name.
  if (/^\{\{resolve:/.test(item.value)) return { kind: "unresolved", expr: item.value, at: item.at };
  return { kind: "string", value: `arn:aws:iam::aws:policy/${item.value}`, at: item.at };
}

function attachManaged(ctx: TemplateContext, resource: TemplateResource, arn: LocatedValue, path: string, principals: string[], byName: boolean): void {
  for (const principal of principals) ctx.attach(resource, arn, path, principal, "role", false, byName);
}

/**
 * `{S3ReadPolicy: {BucketName: !Ref Bucket}}` → the template's statements with the parameters substituted.
 * Every node of the expansion is placed at the template item: that is where the user wrote it.
 */
function expandPolicyTemplate(
  ctx: TemplateContext,
  resource: TemplateResource,
  item: LocatedValue & { kind: "object" },
  path: string,
  principals: string[],
): void {
  const [{ key: name, value: argument }] = item.entries;
  const template = Object.hasOwn(SAM_POLICY_TEMPLATES, name) ? SAM_POLICY_TEMPLATES[name] : undefined;
  if (!template) {
    ctx.error(item.at, `${resource.logicalId}.${path}: unknown SAM policy template "${name}"`, resource.logicalId, true);
    return;
  }
  const values = new Map<string, LocatedValue>();
  for (const parameter of template.parameters) {
    const value = argument.kind === "object" ? getEntry(argument, parameter) : undefined;
    if (!value) {
      ctx.error(item.at, `${resource.logicalId}.${path}: SAM policy template ${name} needs parameter ${parameter}`, resource.logicalId, true);
      return;
    }
    values.set(parameter, relocate(value, item.at));
  }
  ctx.addPolicy(
    {
      kind: "identity",
      resource: resource.logicalId,
      resourceType: resource.type,
      property: path,
      origin: "sam-template",
      at: item.at,
      document: expandTemplateStatements(template.statements, values, item.at),
      attachedTo: [...principals],
      name,
    },
    resource,
  );
}

/** The policy document of a template: `{Statement: […]}` with `{Ref: Parameter}` replaced and intrinsics resolved. */
export function expandTemplateStatements(statements: unknown[], values: Map<string, LocatedValue>, at: Position): LocatedValue {
  const document = fromPlain({ Statement: statements }, at);
  return resolveIntrinsics(substituteParameters(document, values));
}

function substituteParameters(value: LocatedValue, values: Map<string, LocatedValue>): LocatedValue {
  const target = refTarget(value);
  if (target !== undefined && values.has(target)) return values.get(target)!;
  switch (value.kind) {
    case "array":
      return { ...value, items: value.items.map((item) => substituteParameters(item, values)) };
    case "object":
      return { ...value, entries: value.entries.map((entry) => ({ ...entry, value: substituteParameters(entry.value, values) })) };
    default:
      return value;
  }
}

/** SAM Connectors generate policies from `Permissions: [Read, Write]`; they are not expanded (yet): say so. */
export function reportConnectors(ctx: TemplateContext, resource: TemplateResource): void {
  const message = "SAM Connectors are not expanded: the IAM policies they generate are not analysed";
  if (resource.type === "AWS::Serverless::Connector") {
    ctx.error(resource.at, `${resource.logicalId}: ${message}`, resource.logicalId);
  }
  const embedded = resource.definition.kind === "object" ? resource.definition.entries.find((entry) => entry.key === "Connectors") : undefined;
  if (embedded) ctx.error(embedded.keyAt, `${resource.logicalId}.Connectors: ${message}`, resource.logicalId);
}

export function isSamTemplate(root: LocatedValue): boolean {
  const transform = getEntry(root, "Transform");
  if (!transform) return false;
  const names = transform.kind === "array" ? transform.items : [transform];
  return names.some((name) => literalString(name) === SAM_TRANSFORM);
}

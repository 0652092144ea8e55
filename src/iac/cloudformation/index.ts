// CloudFormation and SAM templates (YAML or JSON) → every IAM policy document, managed-policy attachment and
// resource, each value at the line and column where it is written.

import { getEntry, literalString } from "../located.js";
import type { ExtractResult, LocatedValue } from "../types.js";
import { nothing, TemplateContext, type TemplateResource } from "./context.js";
import { branches } from "./documents.js";
import { renderExpression, resolveIntrinsics } from "./intrinsics.js";
import { positionMover, relocateResult } from "./nested.js";
import { parseTemplate } from "./parse.js";
import { handlerFor, samApiPolicies } from "./resources.js";
import { isSamRoleOwner, reportConnectors, samGlobals, samRolePolicies, type GeneratedRole } from "./sam.js";

export { SAM_POLICY_TEMPLATES } from "./sam-policy-templates.js";

const TEMPLATE_VERSION_KEY = /^[ \t{]*["']?AWSTemplateFormatVersion["']?[ \t]*:/m;
const SAM_TRANSFORM_VALUE = /^[ \t{]*["']?Transform["']?[ \t]*:[^]{0,300}?AWS::Serverless-2016-10-31/m;
const YAML_RESOURCES_KEY = /^["']?Resources["']?[ \t]*:/m;
const JSON_RESOURCES_KEY = /"Resources"\s*:\s*\{/;
const RESOURCE_TYPE = /["']?Type["']?[ \t]*:[ \t]*["']?(AWS|Custom|Alexa)::[A-Za-z0-9]+/;

/**
 * True when the text is a CloudFormation or SAM template, decided by content: a template format version,
 * the SAM transform, or a top-level `Resources` map of `Type: AWS::…` entries. Template configuration files
 * (`StackPolicy`), standalone policies, workflows and Kubernetes manifests have none of these.
 */
export function looksLikeCloudFormation(text: string, _path: string): boolean {
  if (TEMPLATE_VERSION_KEY.test(text) || SAM_TRANSFORM_VALUE.test(text)) return true;
  const hasResources = text.trimStart().startsWith("{") ? JSON_RESOURCES_KEY.test(text) : YAML_RESOURCES_KEY.test(text);
  return hasResources && RESOURCE_TYPE.test(text);
}

/** Extracts policies, attachments and resources from a template. Never throws. */
export function extractCloudFormation(path: string, text: string): ExtractResult {
  try {
    return extractTemplate(path, text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      policies: [],
      attachments: [],
      resources: [],
      errors: [{ path, line: 1, message: `internal error while reading the template: ${message}` }],
    };
  }
}

/** Templates inside templates (stack set bodies) are read this many levels deep. */
const MAX_NESTED_TEMPLATES = 3;

function extractTemplate(path: string, text: string, nesting = 0): ExtractResult {
  const parsed = parseTemplate(path, text);
  const ctx = new TemplateContext(path, parsed.strings);
  ctx.result.errors.push(...parsed.errors);
  const root = parsed.root;
  if (!root || root.kind !== "object") return ctx.result;
  const resources = getEntry(root, "Resources");
  if (!resources) return ctx.result;
  if (resources.kind !== "object") {
    ctx.error(resources.at, "Resources is not a map");
    return ctx.result;
  }
  indexResources(ctx, resources);
  const generatedRoles: GeneratedRole[] = [];
  for (const resource of ctx.resources.values()) {
    ctx.result.resources.push(iacResource(resource));
    reportConnectors(ctx, resource);
    extractResource(ctx, resource, generatedRoles);
    if (nesting < MAX_NESTED_TEMPLATES) extractNestedTemplate(ctx, resource, nesting);
  }
  samGlobals(ctx, root, generatedRoles);
  samApiGlobals(ctx, root);
  ctx.linkManagedPolicies();
  return ctx.result;
}

function indexResources(ctx: TemplateContext, resources: LocatedValue & { kind: "object" }): void {
  for (const { key, keyAt, value } of resources.entries) {
    if (value.kind !== "object") {
      ctx.error(keyAt, `resource ${key} is not a map`, key);
      continue;
    }
    const type = getEntry(value, "Type");
    const resource: TemplateResource = {
      logicalId: key,
      type: literalString(type) ?? "",
      definition: value,
      at: keyAt,
    };
    const properties = getEntry(value, "Properties");
    if (properties) resource.properties = properties;
    const condition = literalString(getEntry(value, "Condition"));
    if (condition !== undefined) resource.condition = condition;
    if (!resource.type) {
      const written = type ? `Type ${renderExpression(type)} is not a CloudFormation resource type` : "no Type";
      ctx.error(type?.at ?? keyAt, `resource ${key}: ${written}; not analysed`, key);
    }
    ctx.resources.set(key, resource);
  }
}

function iacResource(resource: TemplateResource) {
  const metadata = getEntry(resource.definition, "Metadata");
  return {
    type: resource.type,
    address: resource.logicalId,
    at: resource.at,
    attributes: resolveIntrinsics(resource.properties ?? nothing(resource.at)),
    ...(metadata ? { metadata } : {}),
    ...(resource.condition !== undefined ? { condition: resource.condition } : {}),
  };
}

/** Runs the type's handler on `Properties`, on each option when `Properties` itself is an `Fn::If`. */
function extractResource(ctx: TemplateContext, resource: TemplateResource, generatedRoles: GeneratedRole[]): void {
  const handler = handlerFor(resource.type);
  const samOwner = isSamRoleOwner(resource.type);
  if (!handler && !samOwner) return;
  const options = resource.properties ? branches(resource.properties, "") : [{ value: nothing(resource.at), path: "" }];
  let generatesRole = false;
  let hasOwnBoundary = false;
  for (const { value, path } of options) {
    if (value.kind !== "object") {
      ctx.error(value.at, `${resource.logicalId}: Properties is not a map`, resource.logicalId);
      continue;
    }
    handler?.(ctx, resource, value, path);
    if (samOwner && samRolePolicies(ctx, resource, value, path)) {
      generatesRole = true;
      hasOwnBoundary ||= getEntry(value, "PermissionsBoundary") !== undefined;
    }
  }
  if (generatesRole && resource.type === "AWS::Serverless::Function") {
    generatedRoles.push({ logicalId: resource.logicalId, hasOwnBoundary });
  }
}

/** `AWS::CloudFormation::StackSet.TemplateBody`: a template in a string, read like a file of its own. */
function extractNestedTemplate(ctx: TemplateContext, resource: TemplateResource, nesting: number): void {
  if (resource.type !== "AWS::CloudFormation::StackSet" || !resource.properties) return;
  const body = getEntry(resource.properties, "TemplateBody");
  if (body?.kind !== "string") return;
  const inner = extractTemplate(ctx.path, body.value, nesting + 1);
  const move = positionMover(ctx.strings.get(body), body.at);
  const moved = relocateResult(inner, move, resource.logicalId);
  ctx.result.policies.push(...moved.policies);
  ctx.result.attachments.push(...moved.attachments);
  ctx.result.resources.push(...moved.resources);
  ctx.result.errors.push(...moved.errors);
}

/** `Globals.Api` resource policies apply to every `AWS::Serverless::Api` of the template. */
function samApiGlobals(ctx: TemplateContext, root: LocatedValue): void {
  const globals = getEntry(root, "Globals");
  const api = globals ? getEntry(globals, "Api") : undefined;
  const hasApis = [...ctx.resources.values()].some((resource) => resource.type === "AWS::Serverless::Api");
  if (!api || api.kind !== "object" || !hasApis) return;
  samApiPolicies(ctx, { logicalId: "Globals", type: "AWS::Serverless::Api", definition: api, properties: api, at: api.at }, api, "Api");
}

// Terraform plan JSON (`terraform show -json plan.out`): the most reliable source when a team has a plan,
// because every value Terraform knows at plan time is already rendered. Policies come from `planned_values`
// (resources and their JSON policy strings); values known only after apply are read from the
// `aws_iam_policy_document` data sources they reference (through `configuration`).

import { parseJsonFile } from "./json.js";
import { fromPlain, getEntry, literalString } from "./located.js";
import { ATTACHMENT_RULES, documentAttributes, IAM_ORGANIZATIONS_POLICY_TYPES } from "./terraform/resources.js";
import type { ExtractResult, LocatedValue, PolicyKind, PolicySource, Position } from "./types.js";

export function looksLikeTerraformPlan(text: string): boolean {
  return /"format_version"\s*:/.test(text) && /"(planned_values|resource_changes)"\s*:/.test(text);
}

interface PlannedResource {
  address: string;
  /** The module path prefix of the address: `module.poc.` or "". */
  modulePrefix: string;
  mode: string;
  type: string;
  name: string;
  index?: string;
  values?: LocatedValue;
  at: Position;
}

export function extractTerraformPlan(path: string, text: string): ExtractResult {
  const result: ExtractResult = { policies: [], attachments: [], resources: [], errors: [] };
  const parsed = parseJsonFile(path, text);
  if (!parsed.ok) {
    result.errors.push(parsed.tooLarge ? parsed.error : { ...parsed.error, message: `Terraform plan: ${parsed.error.message}` });
    return result;
  }
  const plan = parsed.value;
  const planned = collectResources(getEntry(getEntry(plan, "planned_values") ?? plan, "root_module"), "");
  const references = collectReferences(getEntry(getEntry(plan, "configuration") ?? plan, "root_module"), "");
  const roleNames = principalNames(planned);
  const written = new Set<string>();
  const dataUsers = new Map<string, { kind: PolicyKind; users: string[] }>();

  for (const resource of planned) {
    if (resource.mode === "data") continue;
    result.resources.push({ type: resource.type, address: resource.address, at: resource.at, attributes: resource.values ?? fromPlain({}, resource.at) });
    if (!resource.values) continue;
    if (resource.type === "aws_organizations_policy" && !isIamOrganizationsPolicy(resource.values)) continue;
    for (const attribute of documentAttributes(resource.type)) {
      const value = getEntry(resource.values, attribute.attribute);
      const owner = attribute.principal
        ? (principalAddress(roleNames, attribute.principal.type, literalString(getEntry(resource.values, attribute.principal.attribute))) ??
          referencedPrincipal(references, resource, attribute.principal.attribute, planned))
        : undefined;
      const source = policyFromString(value, resource, attribute.attribute, attribute.kind, owner ? [owner] : [], result);
      if (source) {
        written.add(literalString(value) ?? "");
        result.policies.push(source);
      } else {
        // Known only after apply: the document is the data source the configuration points at.
        const targets = references.get(`${resource.modulePrefix}${resource.type}.${resource.name}#${attribute.attribute}`) ?? [];
        for (const data of targets.filter((target) => target.includes("data.aws_iam_policy_document."))) {
          const entry = dataUsers.get(data) ?? { kind: attribute.kind, users: [] };
          entry.users.push(owner ?? (attribute.kind === "trust" || attribute.kind === "identity" ? resource.address : ""));
          dataUsers.set(data, entry);
        }
      }
    }
    if (resource.type === "aws_iam_role") extractRoleExtras(resource, result, written);
    extractAttachments(resource, roleNames, result);
  }

  for (const resource of planned) {
    if (resource.mode !== "data" || resource.type !== "aws_iam_policy_document" || !resource.values) continue;
    const json = getEntry(resource.values, "json");
    if (literalString(json) !== undefined && written.has(literalString(json) ?? "")) continue;
    const use = dataUsers.get(`${resource.modulePrefix}data.aws_iam_policy_document.${resource.name}`);
    const attachedTo = (use?.users ?? []).filter((user) => user !== "");
    const source =
      policyFromString(json, resource, "json", use?.kind ?? "identity", attachedTo, result) ??
      policyFromStatements(resource, use?.kind, attachedTo);
    if (source) result.policies.push(source);
  }
  return result;
}

function collectResources(module: LocatedValue | undefined, prefix: string): PlannedResource[] {
  if (!module) return [];
  const found: PlannedResource[] = [];
  const resources = getEntry(module, "resources");
  for (const item of resources?.kind === "array" ? resources.items : []) {
    const address = literalString(getEntry(item, "address"));
    const type = literalString(getEntry(item, "type"));
    const name = literalString(getEntry(item, "name"));
    if (!address || !type || !name) continue;
    const indexValue = getEntry(item, "index");
    const index = indexValue?.kind === "string" || indexValue?.kind === "number" ? String(indexValue.value) : undefined;
    found.push({
      address,
      modulePrefix: prefix,
      mode: literalString(getEntry(item, "mode")) ?? "managed",
      type,
      name,
      index,
      values: getEntry(item, "values"),
      at: item.at,
    });
  }
  const children = getEntry(module, "child_modules");
  for (const child of children?.kind === "array" ? children.items : []) {
    const childAddress = literalString(getEntry(child, "address"));
    found.push(...collectResources(child, childAddress ? `${childAddress.replace(/\[[^\]]*\]/g, "")}.` : prefix));
  }
  return found;
}

/** `module.x.aws_iam_role.r#assume_role_policy` → the resources and data sources the expression references. */
function collectReferences(module: LocatedValue | undefined, prefix: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  if (!module) return found;
  const resources = getEntry(module, "resources");
  for (const item of resources?.kind === "array" ? resources.items : []) {
    const address = literalString(getEntry(item, "address"));
    const expressions = getEntry(item, "expressions");
    if (!address || expressions?.kind !== "object") continue;
    for (const entry of expressions.entries) {
      const refs = getEntry(entry.value, "references");
      // `data.aws_iam_policy_document.x.json` → `data.aws_iam_policy_document.x`; `aws_iam_role.r.name` → `aws_iam_role.r`.
      const targets = (refs?.kind === "array" ? refs.items : [])
        .map((ref) => literalString(ref) ?? "")
        .map((ref) => /^(data\.)?[a-z0-9_]+\.[\w-]+/.exec(ref)?.[0])
        .filter((ref): ref is string => ref !== undefined)
        .map((ref) => `${prefix}${ref}`);
      if (targets.length > 0) found.set(`${prefix}${address}#${entry.key}`, [...new Set(targets)]);
    }
  }
  const calls = getEntry(module, "module_calls");
  for (const call of calls?.kind === "object" ? calls.entries : []) {
    for (const [key, value] of collectReferences(getEntry(call.value, "module"), `${prefix}module.${call.key}.`)) {
      found.set(key, value);
    }
  }
  return found;
}

/** The principal an attribute known only after apply refers to (`role = aws_iam_role.r.id`). */
function referencedPrincipal(
  references: Map<string, string[]>,
  resource: PlannedResource,
  attribute: string,
  planned: PlannedResource[],
): string | undefined {
  const targets = references.get(`${resource.modulePrefix}${resource.type}.${resource.name}#${attribute}`) ?? [];
  const target = targets.find((t) => /aws_iam_(role|user|group)\.[\w-]+$/.test(t));
  if (!target) return undefined;
  const instances = planned.filter((p) => p.mode !== "data" && `${p.modulePrefix}${p.type}.${p.name}` === target);
  const sameKey = instances.find((p) => p.index !== undefined && p.index === resource.index);
  return (sameKey ?? instances[0])?.address ?? target;
}

function isIamOrganizationsPolicy(values: LocatedValue): boolean {
  const type = literalString(getEntry(values, "type"));
  return type === undefined || IAM_ORGANIZATIONS_POLICY_TYPES.has(type);
}

/** Principal addresses by `type:name`, so `role = "deploy"` finds `aws_iam_role.deploy_role`. */
function principalNames(planned: PlannedResource[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const resource of planned) {
    const type = /^aws_iam_(role|user|group)$/.exec(resource.type)?.[1];
    const name = resource.values ? literalString(getEntry(resource.values, "name")) : undefined;
    if (type && name) names.set(`${type}:${name}`, resource.address);
  }
  return names;
}

function principalAddress(names: Map<string, string>, type: string, name: string | undefined): string | undefined {
  if (!name) return undefined;
  if (type === "unknown") return undefined;
  return names.get(`${type}:${name}`) ?? `<unresolved:${type} ${name}>`;
}

/** A policy attribute holding a rendered JSON string; undefined when the value is unknown or absent. */
function policyFromString(
  value: LocatedValue | undefined,
  resource: PlannedResource,
  property: string,
  kind: PolicyKind,
  attachedTo: string[],
  result: ExtractResult,
): PolicySource | undefined {
  const text = literalString(value);
  if (value === undefined || text === undefined || text.trim() === "") return undefined;
  let plain: unknown;
  try {
    plain = JSON.parse(text);
  } catch (error) {
    result.errors.push({
      path: value.at.path,
      line: value.at.startLine,
      resource: resource.address,
      message: `the ${property} of ${resource.address} is not valid JSON: ${(error as Error).message}`,
      policy: true,
    });
    return undefined;
  }
  // The document sits in one escaped JSON string of the plan: every node points at that string's line.
  return {
    kind,
    resource: resource.address,
    resourceType: resource.mode === "data" ? `data.${resource.type}` : resource.type,
    property,
    origin: "plan",
    at: value.at,
    document: fromPlain(plain, value.at),
    attachedTo,
  };
}

function extractRoleExtras(resource: PlannedResource, result: ExtractResult, written: Set<string>): void {
  const values = resource.values;
  if (!values) return;
  const inline = getEntry(values, "inline_policy");
  (inline?.kind === "array" ? inline.items : []).forEach((item, index) => {
    const source = policyFromString(getEntry(item, "policy"), resource, `inline_policy[${index}].policy`, "identity", [resource.address], result);
    if (source) {
      const name = literalString(getEntry(item, "name"));
      if (name) source.name = name;
      written.add(literalString(getEntry(item, "policy")) ?? "");
      result.policies.push(source);
    }
  });
  const managed = getEntry(values, "managed_policy_arns");
  (managed?.kind === "array" ? managed.items : []).forEach((arn, index) => {
    result.attachments.push({
      principal: resource.address,
      principalType: "role",
      policyArn: arn,
      via: `managed_policy_arns[${index}]`,
      resource: resource.address,
      boundary: false,
      at: arn.at,
    });
  });
  const boundary = getEntry(values, "permissions_boundary");
  if (boundary && literalString(boundary)) {
    result.attachments.push({
      principal: resource.address,
      principalType: "role",
      policyArn: boundary,
      via: "permissions_boundary",
      resource: resource.address,
      boundary: true,
      at: boundary.at,
    });
  }
}

function extractAttachments(resource: PlannedResource, names: Map<string, string>, result: ExtractResult): void {
  const rule = ATTACHMENT_RULES[resource.type];
  const values = resource.values;
  if (!rule || !values) return;
  const arnValue = getEntry(values, rule.policyArn.attribute);
  const arns = rule.policyArn.list ? (arnValue?.kind === "array" ? arnValue.items : []) : arnValue ? [arnValue] : [];
  for (const principalRule of rule.principals) {
    const value = getEntry(values, principalRule.attribute);
    const items = principalRule.list ? (value?.kind === "array" ? value.items : []) : value ? [value] : [];
    for (const item of items) {
      const principal = principalAddress(names, principalRule.type, literalString(item)) ?? "<unresolved:unknown principal>";
      for (const arn of arns) {
        result.attachments.push({
          principal,
          principalType: principalRule.type,
          policyArn: arn,
          via: rule.policyArn.attribute,
          resource: resource.address,
          boundary: false,
          at: arn.at,
        });
      }
    }
  }
}

/** A policy-document data source whose `json` is known only after apply: rebuild it from `statement`. */
function policyFromStatements(resource: PlannedResource, usedAs: PolicyKind | undefined, attachedTo: string[]): PolicySource | undefined {
  const values = resource.values;
  const statements = values ? getEntry(values, "statement") : undefined;
  if (!values || statements?.kind !== "array") return undefined;
  const at = resource.at;
  const unknown = (what: string) => `<unresolved:${resource.address}.${what} (known after apply)>`;
  const list = (node: LocatedValue | undefined, what: string): unknown =>
    node?.kind === "array" ? node.items.map((item) => literalString(item) ?? unknown(what)) : undefined;
  const plainStatements = statements.items.map((statement, index) => {
    const out: Record<string, unknown> = {};
    const sid = literalString(getEntry(statement, "sid"));
    if (sid) out.Sid = sid;
    out.Effect = literalString(getEntry(statement, "effect")) ?? "Allow";
    const mapping: [string, string][] = [
      ["actions", "Action"],
      ["not_actions", "NotAction"],
      ["resources", "Resource"],
      ["not_resources", "NotResource"],
    ];
    for (const [from, to] of mapping) {
      const value = list(getEntry(statement, from), `statement[${index}].${from}`);
      if (Array.isArray(value) && value.length > 0) out[to] = value;
    }
    for (const [from, to] of [["principals", "Principal"], ["not_principals", "NotPrincipal"]] as const) {
      const blocks = getEntry(statement, from);
      if (blocks?.kind !== "array" || blocks.items.length === 0) continue;
      const principal: Record<string, unknown[]> = {};
      for (const block of blocks.items) {
        const type = literalString(getEntry(block, "type")) ?? unknown(`${from}.type`);
        principal[type] = [...(principal[type] ?? []), ...((list(getEntry(block, "identifiers"), `${from}.identifiers`) as unknown[]) ?? [])];
      }
      out[to] = principal;
    }
    const conditions = getEntry(statement, "condition");
    if (conditions?.kind === "array" && conditions.items.length > 0) {
      const condition: Record<string, Record<string, unknown>> = {};
      for (const block of conditions.items) {
        const test = literalString(getEntry(block, "test")) ?? unknown("condition.test");
        const variable = literalString(getEntry(block, "variable")) ?? unknown("condition.variable");
        condition[test] = { ...(condition[test] ?? {}), [variable]: list(getEntry(block, "values"), "condition.values") ?? [] };
      }
      out.Condition = condition;
    }
    return out;
  });
  const document = { Version: literalString(getEntry(values, "version")) ?? "2012-10-17", Statement: plainStatements };
  const hasPrincipals = plainStatements.some((s) => "Principal" in s || "NotPrincipal" in s);
  return {
    kind: usedAs ?? (hasPrincipals ? "resource" : "identity"),
    resource: resource.address,
    resourceType: "data.aws_iam_policy_document",
    property: "statement",
    origin: "plan",
    at,
    document: fromPlain(document, at),
    attachedTo,
  };
}

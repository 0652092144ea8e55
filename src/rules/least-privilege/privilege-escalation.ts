/**
 * IAM105 privilege-escalation. The permissions a principal ends up with — across every identity policy it
 * holds in the scanned files (inline, customer managed, AWS managed, its groups'), capped by its permissions
 * boundary — contain a known escalation path (escalation-paths.ts): with them it can grant itself more than
 * it was given. Each step is decided by the simulator on any resource, in a typical signed-in request; a
 * PassRole step names the service the role goes to, so `iam:PassedToService` conditions count.
 *
 * One finding per principal and granting statement, at the statement that grants the paths' first step (the
 * attachment for an AWS managed policy), naming every path it opens: IAMFullAccess opens seventeen, and
 * seventeen comments on one line would bury the one thing to do (remove or scope that grant). A document that no principal of the scan holds is judged as if one principal held
 * only it. A full administrator (IAM101) trivially holds every path: IAM101 says it once. A user's path that
 * its group already has is reported for the group.
 */

import type { Position } from "../../iac/types.js";
import type { Policy, Statement } from "../../iam/model.js";
import type { Decision } from "../../simulator/index.js";
import { defineRule } from "../types.js";
import { fullAdminStatements } from "./admin.js";
import {
  actionEntryFor,
  allowedOnAnyResource,
  allowsWrittenFirst,
  analyze,
  holderPolicySet,
  lonePolicySet,
  reportAt,
  someAllowNames,
  statementKeyOf,
  TYPICAL_REQUEST_CONTEXT,
  type Analysis,
  type JudgedDocument,
} from "./analysis.js";
import { ESCALATION_PATHS, type EscalationPath } from "./escalation-paths.js";
import type { CompiledPolicySet } from "../../simulator/index.js";
import { ANALYSIS_CATALOGUE } from "./analysis.js";

interface FoundPath {
  path: EscalationPath;
  /** The action allowed for each step. */
  allowed: string[];
  first: { action: string; decision: Decision };
}

export default defineRule({
  meta: {
    id: "IAM105",
    name: "privilege-escalation",
    severity: "error",
    summary: "A principal's permissions contain a known privilege-escalation path.",
    catalogue: ANALYSIS_CATALOGUE,
    messages: {
      principal:
        "{{principal}} can escalate its privileges — {{paths}}. The simulator allows each path's actions on any resource; the first step is granted {{grantedBy}}. Remove these actions or scope them to resources that cannot lead to more privileges.",
      lone:
        "Whoever holds {{policy}} can escalate its privileges — {{paths}}. The simulator allows each path's actions on any resource. Remove these actions or scope them to resources that cannot lead to more privileges.",
    },
  },
  check(context) {
    const analysis = analyze(context.model);
    const documentsByName = new Map<string, JudgedDocument>();
    for (const document of analysis.held) documentsByName.set(document.policy.name, document);
    const adminDocuments = new Set(analysis.held.filter((document) => fullAdminStatements(analysis, document).length > 0).map((document) => document.policy));

    const foundByHolder = new Map<string, FoundPath[]>();
    for (const holder of analysis.holders) {
      if (holder.identity.some((policy) => adminDocuments.has(policy))) continue;
      foundByHolder.set(holder.address, findPaths(analysis, holder.identity, () => holderPolicySet(analysis, holder)));
    }

    for (const holder of analysis.holders) {
      const groupPaths = new Set(holder.effective.groups.flatMap((group) => (foundByHolder.get(group.address) ?? []).map((item) => item.path.id)));
      const found = (foundByHolder.get(holder.address) ?? []).filter((item) => !groupPaths.has(item.path.id));
      for (const group of groupByGrant(found, documentsByName)) {
        context.report({
          messageId: "principal",
          data: { principal: holder.address, paths: describePaths(group.paths), grantedBy: group.grant ? group.grant.description : "by its policies" },
          at: group.grant?.at ?? holder.principal.at,
          resource: holder.address,
          ...(group.grant ? { statement: group.grant.statementKey } : {}),
          identity: [group.grant?.statementKey ?? "", ...group.paths.map((item) => item.path.id).sort()],
        });
      }
    }

    for (const document of analysis.loneDocuments) {
      if (adminDocuments.has(document.policy)) continue;
      const found = findPaths(analysis, [document.policy], () => lonePolicySet(analysis, document));
      for (const group of groupByGrant(found, documentsByName)) {
        context.report({
          messageId: "lone",
          data: { policy: document.resource, paths: describePaths(group.paths) },
          at: group.grant?.at ?? document.policy.at,
          resource: document.resource,
          ...(group.grant ? { statement: group.grant.statementKey } : {}),
          identity: [group.grant?.statementKey ?? "", ...group.paths.map((item) => item.path.id).sort()],
        });
      }
    }
  },
});

interface Grant {
  at: Position;
  statementKey: string;
  description: string;
}

/** Paths whose first step the same statement grants: one finding. */
function groupByGrant(found: FoundPath[], documentsByName: ReadonlyMap<string, JudgedDocument>): { grant?: Grant; paths: FoundPath[] }[] {
  const groups = new Map<string, { grant?: Grant; paths: FoundPath[] }>();
  for (const item of found) {
    const grant = grantingStatement(item.first.decision, documentsByName, item.first.action);
    const key = grant?.statementKey ?? "";
    const group = groups.get(key) ?? (grant ? { grant, paths: [] } : { paths: [] });
    group.paths.push(item);
    groups.set(key, group);
  }
  return [...groups.values()];
}

const PATHS_SPELLED_OUT = 3;

/** `iam:PassRole + ec2:RunInstances: can launch …; … and 4 more (ids)`. */
function describePaths(paths: FoundPath[]): string {
  const spelled = paths.slice(0, PATHS_SPELLED_OUT).map((item) => `${item.allowed.join(" + ")}: ${item.path.gives}`);
  const rest = paths.slice(PATHS_SPELLED_OUT);
  const more = rest.length > 0 ? `; and ${rest.length} more (${rest.map((item) => item.allowed.join(" + ")).join("; ")})` : "";
  return `${spelled.join("; ")}${more}`;
}

function findPaths(analysis: Analysis, policies: readonly Policy[], compile: () => CompiledPolicySet): FoundPath[] {
  const found: FoundPath[] = [];
  let set: CompiledPolicySet | undefined;
  for (const path of ESCALATION_PATHS) {
    const allowed: string[] = [];
    let first: FoundPath["first"] | undefined;
    for (const step of path.steps) {
      const context = step.context ? { ...TYPICAL_REQUEST_CONTEXT, ...step.context } : TYPICAL_REQUEST_CONTEXT;
      let hit: { action: string; decision: Decision } | undefined;
      for (const action of step.anyOf) {
        if (!someAllowNames(policies, action)) continue;
        set ??= compile();
        const decision = allowedOnAnyResource(analysis, set, action, context);
        if (decision) {
          hit = { action, decision };
          break;
        }
      }
      if (!hit) break;
      allowed.push(hit.action);
      first ??= hit;
    }
    if (first && allowed.length === path.steps.length) found.push({ path, allowed, first });
  }
  return found;
}

/** The statement that allowed the first step: where to report, and its key for "one problem, one finding". */
function grantingStatement(decision: Decision, documentsByName: ReadonlyMap<string, JudgedDocument>, action: string): Grant | undefined {
  for (const match of allowsWrittenFirst(decision.matched, documentsByName)) {
    const document = documentsByName.get(match.policy);
    const statement: Statement | undefined = document?.policy.statements.find((candidate) => candidate.index === match.index);
    if (!document || !statement) continue;
    const description = document.managed
      ? `by the AWS managed policy ${document.managed.policy.name}`
      : `by ${document.resource}${match.sid ? ` (Sid ${match.sid})` : ""}`;
    return { at: reportAt(document, actionEntryFor(statement, action)?.at ?? statement.at), statementKey: statementKeyOf(document, statement), description };
  }
  return undefined;
}

// Which Action entries are service wildcards (IAM102), shared with IAM103, which leaves those actions to
// IAM102 ("IAM102 replaces IAM103 for the same actions"). Not a rule itself.

import type { Located } from "../../iac/types.js";
import { actionsCovered, isEveryAction, type Analysis } from "./analysis.js";

export interface ServiceWildcard {
  entry: Located<string>;
  /** Lower-case service prefix. */
  service: string;
  /** `s3:*`: every action of the service. */
  wholeService: boolean;
  /** The permissions-management actions it covers (catalogue spelling). */
  permissionsManagement: string[];
  /** Concrete actions to ask the simulator about, permissions management first. */
  probes: string[];
}

/** Well-known examples shown first in messages ("the simulator allows `s3:PutBucketPolicy`"). */
const FAMILIAR_EXAMPLES = [
  "iam:AttachRolePolicy",
  "iam:PutRolePolicy",
  "iam:CreatePolicyVersion",
  "s3:PutBucketPolicy",
  "s3:PutObjectAcl",
  "kms:PutKeyPolicy",
  "kms:CreateGrant",
  "organizations:AttachPolicy",
  "sts:AssumeRole",
  "ec2:ModifyImageAttribute",
  "ec2:ModifySnapshotAttribute",
  "lambda:AddPermission",
  "sns:SetTopicAttributes",
  "sqs:SetQueueAttributes",
  "secretsmanager:PutResourcePolicy",
  "ecr:SetRepositoryPolicy",
  "cloudtrail:PutEventSelectors",
];
const FAMILIAR_RANK = new Map(FAMILIAR_EXAMPLES.map((action, rank) => [action.toLowerCase(), rank]));

function familiarFirst(actions: string[]): string[] {
  // Each action's rank once, not once per comparison (`s3:*` covers some two hundred actions).
  const ranked = actions.map((action) => ({ action, rank: FAMILIAR_RANK.get(action.toLowerCase()) ?? FAMILIAR_EXAMPLES.length }));
  return ranked.sort((a, b) => a.rank - b.rank).map((item) => item.action);
}

const ALL_ACTIONS_OF_SERVICE = /^[a-z0-9-]+:\*+$/i;

/** What a pattern is as a service wildcard, whichever entry writes it. */
type WildcardShape = Omit<ServiceWildcard, "entry">;

// IAM102 and IAM103 both ask, about the same entries, and the same patterns come back in statement after
// statement (`s3:*`): the answers are kept for the review's analysis, by pattern, and by entry for the few
// entries that are service wildcards (each entry keeps one answer object).
const knownByAnalysis = new WeakMap<Analysis, { byEntry: Map<Located<string>, ServiceWildcard>; byPattern: Map<string, WildcardShape | null> }>();

/** The entry as a service wildcard, or undefined (a concrete action, a narrow pattern, `*`, unresolved). */
export function serviceWildcardOf(analysis: Analysis, entry: Located<string>): ServiceWildcard | undefined {
  let known = knownByAnalysis.get(analysis);
  if (!known) knownByAnalysis.set(analysis, (known = { byEntry: new Map(), byPattern: new Map() }));
  let shape = known.byPattern.get(entry.value);
  if (shape === undefined) {
    shape = wildcardShape(analysis, entry.value) ?? null;
    known.byPattern.set(entry.value, shape);
  }
  if (!shape) return undefined;
  let wildcard = known.byEntry.get(entry);
  if (!wildcard) known.byEntry.set(entry, (wildcard = { entry, ...shape }));
  return wildcard;
}

function wildcardShape(analysis: Analysis, pattern: string): WildcardShape | undefined {
  if (pattern.includes("<unresolved:") || isEveryAction(pattern) || !/[*?]/.test(pattern)) return undefined;
  const colon = pattern.indexOf(":");
  if (colon <= 0) return undefined;
  const service = pattern.slice(0, colon).toLowerCase();
  if (/[*?]/.test(service)) return undefined;
  const wholeService = ALL_ACTIONS_OF_SERVICE.test(pattern);
  const covered = actionsCovered(analysis, pattern);
  if (covered === undefined) {
    // A service the catalogue has not loaded (only an AWS managed policy names it): only `svc:*` is certain.
    return wholeService ? { service, wholeService, permissionsManagement: [], probes: [`${service}:IamReviewAnyAction`] } : undefined;
  }
  if (covered.length === 0) return undefined; // a misspelt pattern is IAM003's
  const permissionsManagement = familiarFirst(covered.filter((action) => action.accessLevel === "Permissions management").map((action) => action.action));
  if (!wholeService && permissionsManagement.length === 0) return undefined;
  const others = wholeService ? familiarFirst(covered.filter((action) => action.accessLevel !== "Permissions management").map((action) => action.action)) : [];
  return { service, wholeService, permissionsManagement, probes: [...permissionsManagement, ...others] };
}

// Which Action entries are service wildcards (IAM102), shared with IAM103, which leaves those actions to
// IAM102 ("IAM102 replaces IAM103 for the same actions"). Not a rule itself.

import type { Catalogue } from "../../iam/catalogue.js";
import type { Located } from "../../iac/types.js";
import { actionsCovered, isEveryAction } from "./analysis.js";

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
  const rank = (action: string) => FAMILIAR_RANK.get(action.toLowerCase()) ?? FAMILIAR_EXAMPLES.length;
  return [...actions].sort((a, b) => rank(a) - rank(b));
}

const ALL_ACTIONS_OF_SERVICE = /^[a-z0-9-]+:\*+$/i;

const known = new WeakMap<Located<string>, ServiceWildcard | null>();

/** The entry as a service wildcard, or undefined (a concrete action, a narrow pattern, `*`, unresolved). */
export function serviceWildcardOf(catalogue: Catalogue, entry: Located<string>): ServiceWildcard | undefined {
  // IAM102 and IAM103 both ask, about the same entries.
  const answer = known.get(entry);
  if (answer !== undefined) return answer ?? undefined;
  const computed = computeServiceWildcard(catalogue, entry);
  known.set(entry, computed ?? null);
  return computed;
}

function computeServiceWildcard(catalogue: Catalogue, entry: Located<string>): ServiceWildcard | undefined {
  const pattern = entry.value;
  if (pattern.includes("<unresolved:") || isEveryAction(pattern) || !/[*?]/.test(pattern)) return undefined;
  const colon = pattern.indexOf(":");
  if (colon <= 0) return undefined;
  const service = pattern.slice(0, colon).toLowerCase();
  if (/[*?]/.test(service)) return undefined;
  const wholeService = ALL_ACTIONS_OF_SERVICE.test(pattern);
  const covered = actionsCovered(catalogue, pattern);
  if (covered === undefined) {
    // A service the catalogue has not loaded (only an AWS managed policy names it): only `svc:*` is certain.
    return wholeService ? { entry, service, wholeService, permissionsManagement: [], probes: [`${service}:IamReviewAnyAction`] } : undefined;
  }
  if (covered.length === 0) return undefined; // a misspelt pattern is IAM003's
  const permissionsManagement = familiarFirst(covered.filter((action) => action.accessLevel === "Permissions management").map((action) => action.action));
  if (!wholeService && permissionsManagement.length === 0) return undefined;
  const others = wholeService ? familiarFirst(covered.filter((action) => action.accessLevel !== "Permissions management").map((action) => action.action)) : [];
  return { entry, service, wholeService, permissionsManagement, probes: [...permissionsManagement, ...others] };
}

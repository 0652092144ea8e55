/**
 * IAM506 root-principal-grant (notice). `arn:aws:iam::111122223333:root` — and a bare account id, which AWS
 * stores as that ARN — does not mean the root user: it means the account, so every role and user of
 * 111122223333 whose own identity policy allows the action can use the grant. Authors often read it as
 * "only the root user"; the notice is a reminder of what was granted.
 *
 * Judged: resource policies (only they have a `Principal`; an identity policy grants to whoever holds it).
 * Trust policies are the IAM3xx rules' business (IAM302, IAM303), not repeated here.
 *
 * Not reported: the usual KMS key-policy delegation — a key policy statement (written in the key, or in an
 * `aws_iam_policy_document` the key uses, or a standalone policy file of KMS actions only, read through
 * `templatefile()`) allowing `kms:*` to the key's own
 * account root, which AWS's default key policy contains ("Enable IAM User Permissions") and without which the
 * key becomes unmanageable (IAM403 asks for it). "Own account" is an account expression such as
 * `${AWS::AccountId}` or `data.aws_caller_identity.current.account_id`, an account listed in `accounts`, or —
 * when `accounts` is not configured — any literal account (unknown is not a violation). Deny statements grant
 * nothing and are not reported.
 */

import { posix } from "node:path";
import { getEntry, hasUnresolved } from "../../iac/located.js";
import { statementIdentity } from "../../engine/fingerprint.js";
import { statementKey, type AnalyzedPolicy, type ReviewModel } from "../../engine/model.js";
import type { Statement } from "../../iam/model.js";
import { defineRule } from "../types.js";

const KEY_POLICY_TYPES = new Set(["aws_kms_key", "aws_kms_key_policy", "AWS::KMS::Key", "AWS::KMS::ReplicaKey"]);

const MARKER = "<unresolved:[^>]*>";
const ROOT_ARN = new RegExp(`^arn:(?:${MARKER}|[\\w-]+):iam::(${MARKER}|[^:]*):root$`);
const ACCOUNT_ID = /^\d{12}$/;

export default defineRule({
  meta: {
    id: "IAM506",
    name: "root-principal-grant",
    severity: "notice",
    summary: "A resource policy grants to an account's `:root`, which means every principal of that account.",
    messages: {
      rootArn:
        "`{{principal}}` means every role and user of account {{account}} that its own identity policies allow, not only the root user: this statement grants {{actions}} to all of them. If one role is meant, name that role's ARN.",
      accountId:
        "`{{principal}}` stands for `arn:aws:iam::{{principal}}:root`, which means every role and user of that account that its own identity policies allow: this statement grants {{actions}} to all of them. If one role is meant, name that role's ARN.",
    },
  },
  check(context) {
    const { model } = context;
    const ownAccounts = new Set(model.config.accounts);
    const keyPolicyDocuments = documentsUsedByKeys(model);
    for (const analyzed of model.policies) {
      if (analyzed.source.kind !== "resource" || analyzed.source.document.kind === "unresolved") continue;
      const keyPolicy =
        KEY_POLICY_TYPES.has(analyzed.source.resourceType) ||
        keyPolicyDocuments.has(`${posix.dirname(analyzed.source.at.path)}\u0000${unqualified(analyzed.source.resource)}`) ||
        isStandaloneKeyPolicy(analyzed);
      for (const statement of analyzed.policy.statements) {
        if (statement.effect.value !== "Allow") continue;
        for (const principal of statement.principals ?? []) {
          if (principal.type !== "AWS") continue;
          const account = rootAccount(principal.value);
          if (account === undefined) continue;
          if (keyPolicy && grantsWholeKey(statement) && isOwnAccount(account, ownAccounts)) continue;
          const bareAccount = ACCOUNT_ID.test(principal.value);
          context.report({
            messageId: bareAccount ? "accountId" : "rootArn",
            data: { principal: principal.value.replace(/<unresolved:([^>]*)>/g, "${$1}"), account: describeAccount(account), actions: describeActions(statement) },
            at: principal.at,
            resource: analyzed.source.resource,
            statement: statementKey(analyzed, statement.index),
            identity: [statementIdentity(statement), principal.value],
          });
        }
      }
    }
  },
});

/**
 * The `aws_iam_policy_document` data sources a KMS key uses as its policy (`policy = data.x.y.json`), by
 * module directory and address: their statements are key-policy statements too.
 */
function documentsUsedByKeys(model: ReviewModel): Set<string> {
  const used = new Set<string>();
  for (const key of model.scan.resources) {
    if (key.type !== "aws_kms_key" && key.type !== "aws_kms_key_policy") continue;
    const policy = getEntry(key.attributes, "policy");
    const text = policy?.kind === "unresolved" ? policy.expr : policy?.kind === "string" ? policy.value : "";
    for (const match of text.matchAll(/data\.aws_iam_policy_document\.[\w-]+/g)) used.add(`${posix.dirname(key.at.path)}\u0000${match[0]}`);
  }
  return used;
}

/**
 * A key policy kept in a file of its own (`policy = templatefile("kms-policy.json", …)`), which the scan also
 * reads on its own: a standalone resource policy whose every action is a KMS action can only be a key policy.
 */
function isStandaloneKeyPolicy(analyzed: AnalyzedPolicy): boolean {
  if (analyzed.source.origin !== "policy-file") return false;
  const actions = analyzed.policy.statements.flatMap((statement) => statement.actions ?? []);
  return actions.length > 0 && actions.every((action) => action.value.toLowerCase().startsWith("kms:"));
}

/** `modules/kms:data.aws_iam_policy_document.key` → `data.aws_iam_policy_document.key`. */
function unqualified(address: string): string {
  return address.slice(address.lastIndexOf(":") + 1);
}

/** The account a root principal names (literal or an expression), or undefined when it is no root principal. */
function rootAccount(principal: string): string | undefined {
  if (ACCOUNT_ID.test(principal)) return principal;
  return ROOT_ARN.exec(principal)?.[1];
}

function isOwnAccount(account: string, ownAccounts: ReadonlySet<string>): boolean {
  if (hasUnresolved(account)) return true;
  return ownAccounts.size === 0 || ownAccounts.has(account);
}

/** `kms:*` (or `*`): the key-policy delegation that lets IAM policies of the account manage and use the key. */
function grantsWholeKey(statement: Statement): boolean {
  return (statement.actions ?? []).some((action) => action.value === "*" || action.value.toLowerCase() === "kms:*");
}

function describeAccount(account: string): string {
  return hasUnresolved(account) ? `\`${account.replace(/<unresolved:([^>]*)>/g, "${$1}")}\`` : account;
}

function describeActions(statement: Statement): string {
  if (statement.notActions) return "every action except those in NotAction";
  const actions = (statement.actions ?? []).map((action) => `\`${action.value}\``);
  if (actions.length === 0) return "its actions";
  return actions.length > 3 ? `${actions.slice(0, 3).join(", ")} and ${actions.length - 3} more` : actions.join(", ");
}

/**
 * IAM009 duplicate-sid. IAM refuses a policy whose statements share a Sid ("The Statement Ids in the
 * policy are not unique"), and some services treat a repeated Sid as one statement replacing another
 * (Terraform's `source_policy_documents` merge does exactly that). The characters a Sid may hold depend on
 * who stores the policy:
 * - IAM (identity policies, permissions boundaries, trust policies, session policies): ASCII letters and
 *   digits only — IAM User Guide, "IAM JSON policy elements: Sid": "The Sid element supports ASCII uppercase
 *   letters (A-Z), lowercase letters (a-z), and numbers (0-9)"; the API's error reads "Statement IDs (SID)
 *   must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*".
 * - SCPs / RCPs: the same ([a-zA-Z0-9] per IAM Access Analyzer's SERVICE_CONTROL_POLICY validation;
 *   Organizations rejects underscores — awsdocs/iam-user-guide#282).
 * - Resource policies: service-specific and more lenient (S3 bucket policies and KMS key policies accept
 *   spaces, as in AWS's own default key policy "Enable IAM User Permissions"): characters are not judged.
 * An empty Sid is no Sid. Statements that are alternatives of the same `Fn::If` are not duplicates.
 */

import { hasUnresolved } from "../../iac/located.js";
import type { PolicyKind } from "../../iac/types.js";
import type { Statement } from "../../iam/model.js";
import { defineRule } from "../types.js";
import { writtenPolicies, statementContext } from "./support.js";

const ALPHANUMERIC_KINDS: ReadonlySet<PolicyKind> = new Set(["identity", "boundary", "trust", "session", "scp"]);
const ALPHANUMERIC = /^[0-9A-Za-z]*$/;

const KIND_LABEL: Record<PolicyKind, string> = {
  identity: "an identity policy",
  boundary: "a permissions boundary",
  trust: "a trust policy",
  session: "a session policy",
  scp: "a service control policy",
  resource: "a resource policy",
};

export default defineRule({
  meta: {
    id: "IAM009",
    name: "duplicate-sid",
    severity: "warning",
    summary: "Two statements of one policy share a Sid, or a Sid has characters the policy kind does not allow.",
    messages: {
      duplicate: "Sid `{{sid}}` is already used by statement {{first}} of this policy; Sids must be unique within a policy.",
      characters: "Sid `{{sid}}` has characters that {{kind}} does not allow ({{characters}}); use only A-Z, a-z and 0-9.",
    },
  },
  check(context) {
    for (const analyzed of writtenPolicies(context.model)) {
      const firstBySid = new Map<string, Statement[]>();
      for (const statement of analyzed.policy.statements) {
        const sid = statement.sid;
        if (!sid || sid.value === "" || hasUnresolved(sid.value)) continue;
        const where = statementContext(analyzed, statement);

        const earlier = (firstBySid.get(sid.value) ?? []).find((other) => canCoexist(other, statement));
        if (earlier) {
          context.report({
            messageId: "duplicate",
            data: { sid: sid.value, first: earlier.index + 1 },
            at: sid.at,
            resource: where.resource,
            statement: where.statement,
            identity: [where.statementIdentity, "duplicate", String(statement.index)],
          });
        }
        firstBySid.set(sid.value, [...(firstBySid.get(sid.value) ?? []), statement]);

        if (ALPHANUMERIC_KINDS.has(analyzed.policy.kind) && !ALPHANUMERIC.test(sid.value)) {
          const characters = [...new Set(sid.value.replace(/[0-9A-Za-z]/g, ""))].map(describeCharacter).join(", ");
          context.report({
            messageId: "characters",
            data: { sid: sid.value, kind: KIND_LABEL[analyzed.policy.kind], characters },
            at: sid.at,
            resource: where.resource,
            statement: where.statement,
            identity: [where.statementIdentity, "characters"],
          });
        }
      }
    }
  },
});

/**
 * Two statements can both be in the document unless they are options of the same conditional: the same
 * list position (both branches of one `Fn::If` item), or both depending on a shared condition (the branches
 * of an `Fn::If` over the whole list), where one may exclude the other.
 */
function canCoexist(first: Statement, second: Statement): boolean {
  if (!first.onlyIf || !second.onlyIf) return true;
  if (first.index === second.index) return false;
  return !first.onlyIf.some((condition) => second.onlyIf?.includes(condition));
}

function describeCharacter(character: string): string {
  if (character === " ") return "space";
  return `\`${character}\``;
}

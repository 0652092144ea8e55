/**
 * IAM403 kms-key-policy-wide. A key policy is the only thing that grants access to a KMS key (IAM policies
 * work only where the key policy delegates to the account). Two ways it goes wrong:
 *
 * - `kms:*` to a role, user, session or service: that principal can decrypt everything the key protects, change
 *   the key policy and schedule the key's deletion. Key administrators need the management actions, key users
 *   the cryptographic ones (AWS KMS Developer Guide › Default key policy); neither needs both. Decided by
 *   simulation: the principal asks for `kms:PutKeyPolicy` and `kms:Decrypt` with an empty request context, so
 *   a condition (`kms:ViaService`, `kms:CallerAccount`…) or a Deny that stops it counts. The account root
 *   (`arn:aws:iam::ACCOUNT:root`, the usual delegation to IAM) is not judged here, nor `*` (IAM401's).
 * - No statement lets the account manage the key: if the principals named in the policy are deleted, nobody
 *   can change the key policy again without AWS Support (› Default key policy › Allows access to the AWS
 *   account and enables IAM policies). Decided by simulation: the root of the template's own account, and of
 *   every account the policy names, asks for `kms:PutKeyPolicy` on the key; one of them must be allowed.
 *   A decision that depends on unresolved principals is not reported.
 */

import { allowingStatements, askProbe, askProbeOn, compileForProbes, OWN_ACCOUNT, PROBE_NAME, withOwnEnvironment } from "../../engine/probes.js";
import type { AnalyzedPolicy } from "../../engine/model.js";
import { accountOfPrincipal, principalForm, type PrincipalForm } from "../../iam/arn.js";
import type { Statement } from "../../iam/model.js";
import { matchesAction } from "../../iam/wildcard.js";
import type { CompiledPolicySet } from "../../simulator/index.js";
import { displayValue } from "../trust/support.js";
import { defineRule } from "../types.js";
import { statementContext } from "../validity/support.js";
import { belongsTo, KEY_POLICY_TYPES, resourcePolicies } from "./support.js";

/** Principals named individually: what `kms:*` must not go to. */
const INDIVIDUAL_FORMS: ReadonlySet<PrincipalForm> = new Set(["iam-role", "iam-user", "assumed-role", "federated-user", "service"]);

/** An action that no pattern but one covering every KMS action (`kms:*`, `*`) matches. */
const ANY_KMS_ACTION = `kms:${PROBE_NAME}`;

function grantsEveryKmsAction(statement: Statement): boolean {
  return (statement.actions ?? []).some((action) => matchesAction(action.value, ANY_KMS_ACTION));
}

/** The accounts whose root should be able to manage the key: the own account and every account named. */
function candidateRoots(analyzed: AnalyzedPolicy): string[] {
  const accounts = new Set([OWN_ACCOUNT]);
  for (const statement of analyzed.policy.statements) {
    for (const principal of statement.principals ?? []) {
      if (principal.type !== "AWS") continue;
      const account = accountOfPrincipal(withOwnEnvironment(principal.value));
      const form = principalForm("AWS", withOwnEnvironment(principal.value));
      if (account !== undefined && /^\d{12}$/.test(account) && (form === "account-id" || form === "account-root")) accounts.add(account);
    }
  }
  return [...accounts];
}

type Management = "manageable" | "unmanageable" | "undecided";

function management(analyzed: AnalyzedPolicy, compiled: CompiledPolicySet): Management {
  let undecided = false;
  for (const account of candidateRoots(analyzed)) {
    const probe = { principal: `arn:aws:iam::${account}:root`, context: { "kms:CallerAccount": account, "aws:SecureTransport": "true" } };
    const decision = askProbeOn(compiled, "kms:PutKeyPolicy", `arn:aws:kms:us-east-1:${account}:key/${PROBE_NAME}`, probe, account);
    if (decision.decision === "allowed") return "manageable";
    if (decision.undecided) undecided = true;
  }
  return undecided ? "undecided" : "unmanageable";
}

export default defineRule({
  meta: {
    id: "IAM403",
    name: "kms-key-policy-wide",
    severity: "warning",
    summary: "A KMS key policy allows kms:* to a principal other than the account root, or no statement lets the account manage the key.",
    messages: {
      everything:
        "`{{principal}}` is allowed `kms:*` on this key: it can decrypt all data under the key, rewrite the key policy and schedule the key's deletion. " +
        "Grant key administrators the management actions and key users the cryptographic actions they need.",
      unmanageable:
        "No statement of this key policy lets the account manage the key (`kms:PutKeyPolicy` for `arn:aws:iam::ACCOUNT:root`): if the principals it names are deleted, the key becomes unmanageable. " +
        "Add the statement `Allow` `kms:*` for `arn:aws:iam::${AWS::AccountId}:root` (Terraform: `data.aws_caller_identity.current.account_id`).",
    },
  },
  check(context) {
    for (const analyzed of resourcePolicies(context.model)) {
      if (!belongsTo(context.model, analyzed, KEY_POLICY_TYPES)) continue;
      const compiled = compileForProbes(analyzed.policy);
      for (const statement of analyzed.policy.statements) {
        if (statement.effect.value !== "Allow" || !grantsEveryKmsAction(statement)) continue;
        for (const principal of statement.principals ?? []) {
          const form = principalForm(principal.type, withOwnEnvironment(principal.value));
          if (form === undefined || !INDIVIDUAL_FORMS.has(form)) continue;
          const caller = withOwnEnvironment(principal.value);
          const allowsAll = ["kms:PutKeyPolicy", "kms:Decrypt"].every((action) => {
            const decision = askProbe(compiled, action, { principal: caller, context: {} });
            return decision.undecided === undefined && allowingStatements(decision).includes(statement.index);
          });
          if (!allowsAll) continue;
          const where = statementContext(analyzed, statement);
          context.report({
            messageId: "everything",
            data: { principal: displayValue(principal.value) },
            at: principal.at,
            resource: where.resource,
            statement: where.statement,
            identity: [where.statementIdentity, principal.value],
          });
        }
      }
      if (management(analyzed, compiled) === "unmanageable") {
        context.report({ messageId: "unmanageable", at: analyzed.source.at, resource: analyzed.source.resource, identity: [analyzed.key, "unmanageable"] });
      }
    }
  },
});

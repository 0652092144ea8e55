/**
 * IAM304 oidc-trust-unrestricted. A role that trusts a web identity provider is assumed with that provider's
 * tokens (`sts:AssumeRoleWithWebIdentity`), and the provider issues tokens to everybody who uses it: every
 * GitHub repository gets tokens from `token.actions.githubusercontent.com`, every pod of the cluster from its
 * EKS issuer, every identity pool of every AWS account from Cognito. The trust must say whose tokens count.
 *
 * - OIDC providers (`…:oidc-provider/HOST`): the `HOST:sub` condition says who. Decided by simulation: a token
 *   of a made-up subject (GitHub: `repo:iam-review-probe/probe:ref:refs/heads/main`; EKS: a service account of a
 *   made-up namespace; GitLab, Terraform Cloud: their own subject forms) asks to assume the role. If it may, the
 *   subject condition is missing or matches any repository (`repo:*`, `*`): error. An organisation-wide pattern
 *   (`repo:my-org/*`) restricts to one organisation and is not reported. Without a `HOST:aud` condition a token
 *   meant for another audience is accepted as well: warning.
 * - Cognito, Google, Facebook, Login with Amazon: the audience (`cognito-identity.amazonaws.com:aud`, the
 *   identity pool; `accounts.google.com:aud`; `graph.facebook.com:app_id`; `www.amazon.com:app_id`) says whose
 *   app the token is for; without it any app's users can assume the role. `amr` (authenticated or guest) is a
 *   narrower choice of the pool's owner and not required.
 *
 * The provider of an unresolved `Federated` value is read from the provider resource it refers to
 * (`aws_iam_openid_connect_provider.x.arn`, `!GetAtt Provider.Arn` → its `url`), else from the condition keys.
 * A provider that cannot be known is reported only when the statement has no condition at all.
 */

import { compileForProbes, allowingStatements, askProbe, OWN_ACCOUNT, PROBE_NAME, withOwnEnvironment } from "../../engine/probes.js";
import type { AnalyzedPolicy, ReviewModel } from "../../engine/model.js";
import { getEntry, hasUnresolved, literalString } from "../../iac/located.js";
import type { Position } from "../../iac/types.js";
import { WEB_IDENTITY_PROVIDERS } from "../../iam/arn.js";
import type { Policy, PrincipalValue, Statement } from "../../iam/model.js";
import { compileWildcard, matchesAction } from "../../iam/wildcard.js";
import { defineRule } from "../types.js";
import { statementContext } from "../validity/support.js";
import { allowStatements, clausesOn, displayValue, elementPosition, trustPolicies } from "./support.js";

/** The key that names the app for the providers AWS knows by name. */
const APP_AUDIENCE_KEYS: Record<string, string> = {
  "cognito-identity.amazonaws.com": "cognito-identity.amazonaws.com:aud",
  "accounts.google.com": "accounts.google.com:aud",
  "graph.facebook.com": "graph.facebook.com:app_id",
  "www.amazon.com": "www.amazon.com:app_id",
};

type Provider = { kind: "app"; name: string } | { kind: "oidc"; host: string } | { kind: "unknown" };

interface TrustedProvider {
  provider: Provider;
  /** The Federated value as written (a marker for an unresolved one). */
  written: string;
  at: Position;
}

/** A subject no real trust names, in the provider's own subject format. */
function probeSubject(host: string): string {
  if (host === "token.actions.githubusercontent.com" || host.startsWith("token.actions.githubusercontent.com/")) {
    return `repo:${PROBE_NAME}/probe:ref:refs/heads/main`;
  }
  if (/^oidc\.eks\.[^/]+\.amazonaws\.com(\.cn)?\/id\//.test(host)) return `system:serviceaccount:${PROBE_NAME}:${PROBE_NAME}`;
  if (host.includes("gitlab")) return `project_path:${PROBE_NAME}/probe:ref_type:branch:ref:main`;
  if (host === "app.terraform.io") return `organization:${PROBE_NAME}:project:probe:workspace:probe:run_phase:apply`;
  return PROBE_NAME;
}

/** What a reviewer would write instead, for the message. */
function exampleSubject(host: string): string {
  return probeSubject(host)
    .replace(`repo:${PROBE_NAME}/probe`, "repo:my-org/my-repo")
    .replace(`system:serviceaccount:${PROBE_NAME}:${PROBE_NAME}`, "system:serviceaccount:my-namespace:my-service-account")
    .replaceAll(PROBE_NAME, "my-org")
    .replaceAll(":probe", ":my-project");
}

const OIDC_ARN = /:oidc-provider\/(.+)$/;

function hostOfUrl(url: string): string {
  return url.replace(/^https:\/\//, "").replace(/\/$/, "");
}

/** The `url` of the provider resource an unresolved Federated value refers to. */
function providerResourceUrl(model: ReviewModel, expr: string): string | undefined {
  const terraform = /^(aws_iam_openid_connect_provider\.[\w-]+)\.(?:arn|id)$/.exec(expr);
  const cloudFormation = /^!(?:GetAtt ([\w]+)\.Arn|Ref ([\w]+))$/.exec(expr);
  const address = terraform?.[1] ?? cloudFormation?.[1] ?? cloudFormation?.[2];
  if (!address) return undefined;
  const resource = model.scan.resources.find(
    (candidate) =>
      (candidate.type === "aws_iam_openid_connect_provider" || candidate.type === "AWS::IAM::OIDCProvider") &&
      (candidate.address === address || candidate.address.endsWith(`:${address}`)),
  );
  const url = resource ? literalString(getEntry(resource.attributes, resource.type === "AWS::IAM::OIDCProvider" ? "Url" : "url")) : undefined;
  return url === undefined ? undefined : hostOfUrl(url);
}

/** A provider named by the statement's condition keys (`token.actions.githubusercontent.com:sub`). */
function providerFromConditions(statement: Statement): Provider {
  for (const clause of statement.conditions) {
    const colon = clause.key.lastIndexOf(":");
    if (colon <= 0) continue;
    const prefix = clause.key.slice(0, colon);
    if (APP_AUDIENCE_KEYS[prefix]) return { kind: "app", name: prefix };
    if (prefix.includes(".")) return { kind: "oidc", host: prefix };
  }
  return { kind: "unknown" };
}

function providerOf(model: ReviewModel, written: string, statement: Statement): Provider {
  const text = withOwnEnvironment(written);
  if (WEB_IDENTITY_PROVIDERS.includes(text)) return { kind: "app", name: text };
  const host = OIDC_ARN.exec(text)?.[1];
  if (host !== undefined && !hasUnresolved(host)) return { kind: "oidc", host };
  const marker = /^<unresolved:([^>]*)>$/.exec(text)?.[1];
  const url = marker === undefined ? undefined : providerResourceUrl(model, marker);
  if (url !== undefined) return { kind: "oidc", host: url };
  return providerFromConditions(statement);
}

function trustedProviders(model: ReviewModel, analyzed: AnalyzedPolicy, statement: Statement): TrustedProvider[] {
  const providers: TrustedProvider[] = (statement.principals ?? [])
    .filter((principal) => principal.type === "Federated")
    .map((principal) => ({ provider: providerOf(model, principal.value, statement), written: principal.value, at: principal.at }));
  const whole = statement.unresolved["Principal.Federated"];
  if (whole !== undefined) {
    const written = `<unresolved:${whole}>`;
    providers.push({ provider: providerOf(model, written, statement), written, at: elementPosition(analyzed, statement, ["Principal", "Federated"]) });
  }
  return providers.filter((trusted) => !/:saml-provider\//.test(trusted.written));
}

/** The caller that holds a token of the provider, as a principal the simulator knows. */
function callerOf(provider: Exclude<Provider, { kind: "unknown" }>): string {
  return provider.kind === "app" ? provider.name : `arn:aws:iam::${OWN_ACCOUNT}:oidc-provider/${provider.host}`;
}

/** The policy with this statement trusting exactly the provider's caller (its Federated value made concrete). */
function withConcreteProvider(policy: Policy, statement: Statement, caller: string): Policy {
  const unresolved = { ...statement.unresolved };
  delete unresolved["Principal.Federated"];
  const principals: PrincipalValue[] = [
    ...(statement.principals ?? []).filter((principal) => principal.type !== "Federated"),
    { type: "Federated", value: caller, at: statement.at },
  ];
  return { ...policy, statements: policy.statements.map((other) => (other === statement ? { ...statement, principals, unresolved } : other)) };
}

/** A literal value the policy expects for a key (wildcards made concrete), or the fallback. */
function expectedValue(statement: Statement, key: string, fallback: string): string {
  for (const clause of clausesOn(statement, key)) {
    const value = clause.values.find((candidate) => !hasUnresolved(candidate.value));
    if (value) return value.value.replace(/[*?]/g, "x");
  }
  return fallback;
}

function restricts(statement: Statement, key: string): boolean {
  return clausesOn(statement, key).some((clause) => clause.valuesUnresolved !== undefined || clause.values.some((value) => !/^\*+$/.test(value.value)));
}

export default defineRule({
  meta: {
    id: "IAM304",
    name: "oidc-trust-unrestricted",
    severity: "error",
    summary: "A web identity (OIDC) trust has no sub condition, one that matches any repository, or no aud condition.",
    messages: {
      noSubject:
        "Any identity that `{{provider}}` issues tokens to can assume this role: there is no `{{key}}` condition. " +
        "Add `\"StringEquals\"` (or `\"StringLike\"`) `\"{{key}}\": \"{{example}}\"` naming the repositories, branches or workloads that need it.",
      anySubject:
        "This `{{key}}` condition matches any subject ({{probe}} passes it): every user of `{{provider}}` can assume this role. Name the repository (`repo:ORG/REPO:…`) or workload.",
      anyApp:
        "Any app's users can assume this role with a `{{provider}}` token: there is no `{{key}}` condition naming your {{what}}.",
      noAudience:
        "No `{{key}}` condition: tokens that `{{provider}}` issued for another audience are accepted too. Add `\"StringEquals\": {\"{{key}}\": \"sts.amazonaws.com\"}`.",
      noConditions:
        "This web identity trust (`{{provider}}`) has no condition at all: anyone the provider issues tokens to can assume the role. Add conditions on the provider's `sub` and `aud`.",
    },
  },
  check(context) {
    const { model } = context;
    for (const analyzed of trustPolicies(model)) {
      for (const statement of allowStatements(analyzed)) {
        if (!(statement.actions ?? []).some((action) => matchesAction(action.value, "sts:AssumeRoleWithWebIdentity"))) continue;
        const where = statementContext(analyzed, statement);
        const report = (messageId: "noSubject" | "anySubject" | "anyApp" | "noAudience" | "noConditions", at: Position, data: Record<string, string>, warning = false) =>
          context.report({
            messageId,
            data,
            at,
            resource: where.resource,
            statement: where.statement,
            identity: [where.statementIdentity, messageId, data.provider ?? ""],
            ...(warning ? { severity: "warning" as const } : {}),
          });

        for (const trusted of trustedProviders(model, analyzed, statement)) {
          const { provider } = trusted;
          const shown = provider.kind === "oidc" ? provider.host : provider.kind === "app" ? provider.name : displayValue(trusted.written);
          if (provider.kind === "unknown") {
            const denies = analyzed.policy.statements.some((other) => other.effect.value !== "Allow");
            if (statement.conditions.length === 0 && statement.unresolved.Condition === undefined && !denies) {
              report("noConditions", trusted.at, { provider: shown });
            }
            continue;
          }
          const caller = callerOf(provider);
          const compiled = compileForProbes(withConcreteProvider(analyzed.policy, statement, caller));
          const tokenAccepted = (tokenContext: Record<string, string | string[]>) => {
            const decision = askProbe(compiled, "sts:AssumeRoleWithWebIdentity", { principal: caller, context: tokenContext });
            return decision.undecided === undefined && allowingStatements(decision).includes(statement.index);
          };

          if (provider.kind === "app") {
            const key = APP_AUDIENCE_KEYS[provider.name];
            const accepted = tokenAccepted({
              [key]: `us-east-1:${PROBE_NAME}`,
              [`${provider.name}:sub`]: PROBE_NAME,
              [`${provider.name}:amr`]: ["authenticated"],
            });
            const what = provider.name === "cognito-identity.amazonaws.com" ? "identity pool" : "app id";
            if (accepted) report("anyApp", trusted.at, { provider: shown, key, what });
            continue;
          }

          const subjectKey = `${provider.host}:sub`;
          const audienceKey = `${provider.host}:aud`;
          const probe = probeSubject(provider.host);
          const accepted = tokenAccepted({
            [subjectKey]: probe,
            [audienceKey]: expectedValue(statement, audienceKey, "sts.amazonaws.com"),
          });
          const subjectClauses = clausesOn(statement, subjectKey);
          if (accepted && subjectClauses.length === 0) {
            report("noSubject", trusted.at, { provider: shown, key: subjectKey, example: exampleSubject(provider.host) });
          } else if (accepted) {
            const matching = subjectClauses.flatMap((clause) => clause.values).find((value) => compileWildcard(value.value, { caseInsensitive: false })(probe));
            report("anySubject", matching?.at ?? subjectClauses[0].keyAt, { provider: shown, key: subjectKey, probe: `\`${probe}\`` });
          } else if (!restricts(statement, audienceKey)) {
            report("noAudience", trusted.at, { provider: shown, key: audienceKey }, true);
          }
        }
      }
    }
  },
});

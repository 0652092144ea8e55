// IAM5xx: credentials and accounts ("no root keys", "roles for EC2 and Lambda").
import type { Rule } from "../types.js";
import staticAccessKey from "./static-access-key.js";
import hardcodedSecret from "./hardcoded-secret.js";
import userDirectPolicy from "./user-direct-policy.js";
import passwordPolicyWeak from "./password-policy-weak.js";
import imdsv1Enabled from "./imdsv1-enabled.js";
import rootPrincipalGrant from "./root-principal-grant.js";

export const credentialRules: readonly Rule[] = [
  staticAccessKey,
  hardcodedSecret,
  userDirectPolicy,
  passwordPolicyWeak,
  imdsv1Enabled,
  rootPrincipalGrant,
];

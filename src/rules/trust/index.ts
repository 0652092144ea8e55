// IAM3xx: trust policies ("roles for humans with STS", "share safely across accounts").
import type { Rule } from "../types.js";
import trustAnyPrincipal from "./trust-any-principal.js";
import crossAccountNoExternalId from "./cross-account-no-external-id.js";
import humanTrustNoMfa from "./human-trust-no-mfa.js";
import oidcTrustUnrestricted from "./oidc-trust-unrestricted.js";
import serviceTrustConfusedDeputy from "./service-trust-confused-deputy.js";

export const trustRules: readonly Rule[] = [
  trustAnyPrincipal,
  crossAccountNoExternalId,
  humanTrustNoMfa,
  oidcTrustUnrestricted,
  serviceTrustConfusedDeputy,
];

// IAM2xx: MFA ("MFA for anyone who can move money or delete data").
import type { Rule } from "../types.js";
import mfaAllowIfExists from "./mfa-allow-if-exists.js";
import mfaBoolBypass from "./mfa-bool-bypass.js";
import sensitiveWithoutMfa from "./sensitive-without-mfa.js";

export const mfaRules: readonly Rule[] = [mfaBoolBypass, mfaAllowIfExists, sensitiveWithoutMfa];

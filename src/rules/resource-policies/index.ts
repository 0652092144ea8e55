// IAM4xx: resource policies ("public by default is a trap").
import type { Rule } from "../types.js";
import publicAccess from "./public-access.js";
import s3InsecureTransport from "./s3-insecure-transport.js";
import kmsKeyPolicyWide from "./kms-key-policy-wide.js";
import lambdaPermissionPublic from "./lambda-permission-public.js";

export const resourcePolicyRules: readonly Rule[] = [publicAccess, s3InsecureTransport, kmsKeyPolicyWide, lambdaPermissionPublic];

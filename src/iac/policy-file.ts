import { parseJsonFile } from "./json.js";
import { getEntry, literalString } from "./located.js";
import type { ExtractResult, LocatedValue, PolicyKind } from "./types.js";

// Paths that say "these are service control policies": an SCP looks like any identity policy, so only the
// path (or the configuration) can tell.
const SCP_PATH = /(^|[/_.-])(scps?|service[-_ ]?control[-_ ]?polic(y|ies))([/_.-]|$)/i;

/**
 * A JSON text whose top level is a policy document: an object with a `Statement`. A file that is not valid
 * JSON but reads like a policy still counts, so that its syntax error is reported (IAM001) rather than the
 * file being passed over; a `Statement` nested deeper (a StackPolicy in a template configuration) does not.
 */
export function looksLikePolicyJson(text: string): boolean {
  if (!/^\s*\{/.test(text) || !/"Statement"\s*:/.test(text)) return false;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) && "Statement" in parsed;
  } catch {
    return /"Effect"\s*:/.test(text);
  }
}

export interface PolicyFileOptions {
  /** Files the configuration declares service control policies (`scp_paths`), besides those SCP_PATH names. */
  configuredScp?: (path: string) => boolean;
}

/** A standalone policy JSON file: one document, its kind decided by content (and path for SCPs). */
export function extractPolicyFile(path: string, text: string, options: PolicyFileOptions = {}): ExtractResult {
  const result: ExtractResult = { policies: [], attachments: [], resources: [], errors: [] };
  const parsed = parseJsonFile(path, text);
  if (!parsed.ok) {
    // A size refusal is not a policy error; a document that does not parse is (IAM001).
    result.errors.push(parsed.tooLarge ? parsed.error : { ...parsed.error, policy: true });
    return result;
  }
  const document = parsed.value;
  const isScp = (p: string) => SCP_PATH.test(p) || (options.configuredScp?.(p) ?? false);
  result.policies.push({
    kind: isScp(path) ? "scp" : kindByContent(document),
    resource: path,
    resourceType: "policy-json",
    property: "",
    origin: "policy-file",
    at: document.at,
    document,
    attachedTo: [],
  });
  return result;
}

/** A `Principal` makes a resource or trust policy (trust when every statement is an AssumeRole*). */
function kindByContent(document: LocatedValue): PolicyKind {
  const statementValue = getEntry(document, "Statement");
  const statements =
    statementValue?.kind === "array" ? statementValue.items : statementValue ? [statementValue] : [];
  const withPrincipal = statements.filter(
    (statement) => getEntry(statement, "Principal") || getEntry(statement, "NotPrincipal"),
  );
  if (withPrincipal.length === 0) return "identity";
  const assumesRole = (statement: LocatedValue) => {
    const action = getEntry(statement, "Action");
    const actions = action?.kind === "array" ? action.items : action ? [action] : [];
    return (
      actions.length > 0 &&
      actions.every((a) => /^sts:(AssumeRole|AssumeRoleWith\w+|TagSession|SetSourceIdentity|SetContext)$/i.test(literalString(a) ?? ""))
    );
  };
  return withPrincipal.every(assumesRole) ? "trust" : "resource";
}

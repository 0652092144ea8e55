/**
 * IAM502 hardcoded-secret. An access key id (`AKIA…` long-term, `ASIA…` temporary) or a secret access key
 * written into a file is readable by everyone who can read the repository, its forks, clones and CI logs,
 * forever: deleting the line does not delete it from the history. The detector is the engine's own
 * (`findSecrets`), the one the masking pass uses, so every secret reported here is also masked in every
 * output; the message itself carries only the masked form (`AKIA************WXYZ`).
 *
 * Every scanned file is read as text — provider blocks, user data, environment variables, parameter
 * defaults, heredocs — because a key can be anywhere, not only in attributes the extractor understands.
 *
 * AWS's documentation values (`AKIAIOSFODNN7EXAMPLE`, `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`, and their
 * siblings, all ending in EXAMPLE / EXAMPLEKEY) cannot sign a request, so they are not an `error`; they are
 * still reported, as a notice, because they show the place where someone will paste a real key.
 */

import { LineMap } from "../../iac/json.js";
import type { IacResource, Position } from "../../iac/types.js";
import { findSecrets, maskSecret, type FoundSecret } from "../../engine/secrets.js";
import { defineRule } from "../types.js";
import { isCloudFormation } from "./settings.js";

const DOCUMENTATION_EXAMPLE: Record<FoundSecret["kind"], RegExp> = {
  "access-key-id": /EXAMPLE$/,
  "secret-access-key": /EXAMPLEKEY$/,
};

const KIND_LABEL: Record<FoundSecret["kind"], string> = {
  "access-key-id": "An AWS access key id",
  "secret-access-key": "An AWS secret access key",
};

export default defineRule({
  meta: {
    id: "IAM502",
    name: "hardcoded-secret",
    severity: "error",
    summary: "An AWS access key id or secret access key is written in a scanned file.",
    messages: {
      secret:
        "{{kind}} (`{{masked}}`) is written in this file{{where}}: anyone who can read the repository or its history can use it. Deactivate and rotate the key now, remove it from the file, and let the workload get credentials from a role or the environment.",
      example:
        "{{kind}} (`{{masked}}`) is written in this file{{where}}. It is AWS's documentation example and grants nothing, but a real key would be exposed here: take credentials from a role or the environment, not from the file.",
    },
  },
  check(context) {
    const { model } = context;
    for (const [path, text] of model.files) {
      const secrets = findSecrets(text);
      if (secrets.length === 0) continue;
      const lines = new LineMap(text);
      const resources = model.scan.resources.filter((resource) => resource.at.path === path);
      for (const secret of secrets) {
        const start = lines.locate(secret.index);
        const at: Position = {
          path,
          startLine: start.line,
          endLine: start.line,
          startColumn: start.column,
          endColumn: start.column + secret.value.length,
        };
        const enclosing = enclosingResource(resources, start.line);
        const masked = maskSecret(secret.value);
        const example = DOCUMENTATION_EXAMPLE[secret.kind].test(secret.value);
        context.report({
          messageId: example ? "example" : "secret",
          data: { kind: KIND_LABEL[secret.kind], masked, where: enclosing ? ` (in \`${enclosing.address}\`)` : "" },
          at,
          ...(enclosing ? { resource: enclosing.address } : {}),
          // The masked form, never the secret: the identity is hashed into a fingerprint that outputs carry.
          identity: [secret.kind, masked],
          ...(example ? { severity: "notice" as const } : {}),
        });
      }
    }
  },
});

/**
 * The resource a line belongs to, so a CloudFormation resource's `Metadata` suppression can cover it and the
 * message can name it: the innermost Terraform block around the line, or the CloudFormation resource whose
 * definition spans it.
 */
function enclosingResource(resources: IacResource[], line: number): IacResource | undefined {
  let best: { resource: IacResource; start: number; end: number } | undefined;
  for (const resource of resources) {
    const start = resource.at.startLine;
    const end = isCloudFormation(resource)
      ? Math.max(resource.at.endLine, resource.attributes.at.endLine, resource.metadata?.at.endLine ?? 0)
      : resource.at.endLine;
    if (line < start || line > end) continue;
    if (!best || start >= best.start) best = { resource, start, end };
  }
  return best?.resource;
}

/**
 * IAM501 static-access-key. An `aws_iam_access_key` / `AWS::IAM::AccessKey` is a long-lived credential: it
 * works from anywhere until someone rotates or deletes it, it is not tied to a machine or a session, and its
 * secret has to live somewhere — Terraform keeps it in the state (in clear text unless `pgp_key` is set), a
 * CloudFormation stack hands it out through `!GetAtt Key.SecretAccessKey` to whatever reads it. Roles give
 * workloads temporary credentials instead (instance profiles, IRSA, OIDC federation for CI). An inactive key
 * (`status = "Inactive"`) is still reported: it exists and one API call makes it usable.
 */

import { getEntry } from "../../iac/located.js";
import { defineRule } from "../types.js";
import { describeValue, headerLine, isCloudFormation } from "./settings.js";

export default defineRule({
  meta: {
    id: "IAM501",
    name: "static-access-key",
    severity: "warning",
    summary: "An IAM access key is created: a long-lived credential; use a role.",
    messages: {
      terraform:
        "`{{resource}}` creates a long-lived access key for user `{{user}}`: it works from anywhere until it is deleted, and its secret is kept in the Terraform state. Give the workload a role instead (instance profile, IRSA, OIDC federation for CI).",
      cloudFormation:
        "`{{resource}}` creates a long-lived access key for user `{{user}}`: it works from anywhere until it is deleted, and its secret is handed to whoever reads `SecretAccessKey`. Give the workload a role instead (instance profile, IRSA, OIDC federation for CI).",
    },
  },
  check(context) {
    // Every access key resource, whatever its settings: an `Fn::If` over its properties still creates a key.
    const keys = context.model.scan.resources.filter((resource) => resource.type === "aws_iam_access_key" || resource.type === "AWS::IAM::AccessKey");
    for (const key of keys) {
      const cloudFormation = isCloudFormation(key);
      const user = getEntry(key.attributes, cloudFormation ? "UserName" : "user");
      context.report({
        messageId: cloudFormation ? "cloudFormation" : "terraform",
        data: { resource: key.address, user: describeValue(user) || "?" },
        at: headerLine(key),
        resource: key.address,
        identity: ["access-key"],
      });
    }
  },
});

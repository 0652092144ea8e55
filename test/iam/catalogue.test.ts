import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { ActionCatalogue, catalogue, type AccessLevel } from "../../src/iam/catalogue.js";
import { normalizePolicy } from "../../src/iam/normalize.js";
import { fromPlain } from "../../src/iac/located.js";
import { hasWildcard } from "../../src/iam/wildcard.js";

// One catalogue for the lookups; the services every test below touches are loaded once.
const loaded = new ActionCatalogue();

beforeAll(async () => {
  await loaded.load([
    "s3",
    "s3*:Get*",
    "iam:*",
    "kms:Decrypt",
    "ec2:RunInstances",
    "sts:AssumeRole",
    "lambda",
    "accounts.google.com:aud",
    "token.actions.githubusercontent.com:repository",
  ]);
});

describe("loading", () => {
  it("refuses lookups before anything is loaded", () => {
    expect(() => new ActionCatalogue().isKnownService("s3")).toThrow(/not loaded/);
  });

  it("refuses lookups in a real service that was not loaded, naming it", async () => {
    const partial = new ActionCatalogue();
    await partial.load(["s3:GetObject"]);
    expect(partial.isLoaded("s3")).toBe(true);
    expect(partial.isLoaded("iam")).toBe(false);
    expect(() => partial.actionDetails("iam:CreateRole")).toThrow(/has not loaded service "iam"/);
    // an unknown service needs no loading: it simply has no actions
    expect(partial.actionDetails("nosuchservice:Foo")).toBeUndefined();
  });

  it("loads what normalised policies use", async () => {
    const document = fromPlain(
      {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: ["dynamodb:GetItem", "<unresolved:var.action>"], Resource: "*" },
          { Effect: "Deny", NotAction: "sqs:*", Resource: "*", Condition: { StringEquals: { "kms:ViaService": "s3" } } },
        ],
      },
      { path: "p.json", startLine: 1, endLine: 1 },
    );
    const { policy } = normalizePolicy({ kind: "identity", name: "p", document, at: document.at });
    const fresh = new ActionCatalogue();
    await fresh.loadForPolicies([policy]);
    expect(["dynamodb", "sqs", "kms"].map((service) => fresh.isLoaded(service))).toEqual([true, true, true]);
    expect(fresh.isLoaded("s3")).toBe(false);
  });

  it("shares one process-wide catalogue", async () => {
    await catalogue.load(["s3:GetObject"]);
    expect(catalogue.isKnownAction("s3:GetObject")).toBe(true);
  });
});

describe("services", () => {
  it.each([
    ["s3", true],
    ["S3", true],
    ["iam", true],
    ["s3s", false],
    ["", false],
  ])("isKnownService(%j) → %s", (prefix, expected) => {
    expect(loaded.isKnownService(prefix)).toBe(expected);
  });

  it.each([
    ["s3s", "s3"],
    ["lamda", "lambda"],
    ["IAM", "iam"],
    ["dynamodbb", "dynamodb"],
    ["completelywrong", undefined],
  ])("closestService(%j) → %j", (prefix, expected) => {
    expect(loaded.closestService(prefix)).toBe(expected);
  });

  it("knows service names for messages", () => {
    expect(loaded.serviceName("s3")).toBe("Amazon S3");
  });
});

describe("what a review loads", () => {
  const AT = { path: "p.json", startLine: 1, endLine: 1 };
  const policyOf = (actions: string[]) =>
    normalizePolicy({ kind: "identity", name: "p", document: fromPlain({ Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] }, AT), at: AT }).policy;

  it("a bare `*` loads no service; a pattern loads the services it can touch, and says so", async () => {
    const fresh = new ActionCatalogue();
    await fresh.loadForPolicies([policyOf(["*", "**"])]);
    expect(fresh.allServices().filter((service) => fresh.isLoaded(service))).toEqual([]);
    expect(fresh.isLoadedFor("*")).toBe(false);
    await fresh.loadForPolicies([policyOf(["s3*", "iam:Get*"])]);
    expect(fresh.isLoadedFor("s3*")).toBe(true);
    expect(fresh.isLoadedFor("s3*:Get*")).toBe(true);
    expect(fresh.isLoadedFor("iam:Pass*")).toBe(true);
    expect(fresh.isLoadedFor("ec2:*")).toBe(false);
    expect(fresh.isLoadedFor("*")).toBe(false);
    expect(fresh.actionsMatching("s3*").some((action) => action.service === "s3express")).toBe(true);
  });
});

describe("matchesSomeAction", () => {
  it.each(["s3:Get*Tagging", "s3:GetObject", "s3:Nothing*Here", "iam:*Policy*", "s3*:Get*", "nosuchservice:*", "s3:getobject", "iam:Pass?ole", "iam:Pass??ole"])(
    "%s: as actionsMatching finds some or none",
    (pattern) => {
      const fresh = loaded.matchesSomeAction(pattern);
      expect(fresh).toBe(loaded.actionsMatching(pattern).length > 0);
      expect(loaded.matchesSomeAction(pattern)).toBe(fresh); // and once the expansion is cached
    },
  );
});

describe("actionsMatching", () => {
  it("expands s3:Get*Tagging to the tagging reads", () => {
    expect(loaded.actionsMatching("s3:Get*Tagging").map((action) => action.action)).toEqual([
      "s3:GetBucketTagging",
      "s3:GetJobTagging",
      "s3:GetObjectTagging",
      "s3:GetObjectVersionTagging",
      "s3:GetStorageLensConfigurationTagging",
    ]);
  });

  it("expands iam:*Policy* to every IAM action with Policy in its name, with access levels", () => {
    const matches = loaded.actionsMatching("iam:*Policy*");
    expect(matches).toHaveLength(35);
    expect(matches.every((action) => /policy/i.test(action.name) && action.service === "iam")).toBe(true);
    expect(matches.find((action) => action.name === "CreatePolicyVersion")?.accessLevel).toBe("Permissions management");
    expect(matches.find((action) => action.name === "GetPolicy")?.accessLevel).toBe("Read");
  });

  it.each([
    ["s3:GetObjects", []],
    ["s3s:Get*", []],
    ["s3", []],
    ["<unresolved:var.action>", []],
    ["S3:getobject", ["s3:GetObject"]],
    ["s3:GetObjec?", ["s3:GetObject"]],
  ])("%j → %j", (pattern, expected) => {
    expect(loaded.actionsMatching(pattern).map((action) => action.action)).toEqual(expected);
  });

  it("follows a wildcard into the service part", () => {
    const actions = loaded.actionsMatching("s3*:Get*").map((action) => action.action);
    expect(actions).toContain("s3:GetObject");
    expect(actions.some((action) => action.startsWith("s3express:Get"))).toBe(true);
    expect(actions.every((action) => /^s3[^:]*:Get/i.test(action))).toBe(true);
  });

  it("expands `*` to every action once every service is loaded", async () => {
    const everything = new ActionCatalogue();
    await everything.load(["*"]);
    expect(everything.actionsMatching("*").length).toBeGreaterThan(20_000);
  });
});

describe("action details", () => {
  it.each<[string, AccessLevel | undefined]>([
    ["s3:GetObject", "Read"],
    ["S3:GETOBJECT", "Read"],
    ["s3:PutObject", "Write"],
    ["s3:ListBucket", "List"],
    ["s3:PutBucketTagging", "Tagging"],
    ["iam:CreatePolicyVersion", "Permissions management"],
    ["iam:AttachRolePolicy", "Permissions management"],
    ["s3:GetObjects", undefined],
    ["nosuchservice:GetObject", undefined],
  ])("accessLevel(%j) → %j", (action, expected) => {
    expect(loaded.accessLevel(action)).toBe(expected);
  });

  it("gives resource types with their ARN formats", () => {
    const details = loaded.actionDetails("s3:GetObject")!;
    expect(details).toMatchObject({ service: "s3", name: "GetObject", action: "s3:GetObject", supportsResourceLevelPermissions: true });
    expect(loaded.resourceTypesOf("s3:GetObject")).toContainEqual(
      expect.objectContaining({
        name: "object",
        required: false,
        arnFormat: "arn:${Partition}:s3:::${BucketName}/${ObjectName}",
        arnPattern: "arn:*:s3:::*/*",
      }),
    );
  });

  it("derives an action's details once, and an action serialises as its own data", () => {
    const action = loaded.actionDetails("s3:GetObject")!;
    expect(action.resourceTypes).toBe(action.resourceTypes);
    expect(action.conditionKeys).toBe(loaded.actionDetails("S3:getobject")!.conditionKeys);
    expect(JSON.parse(JSON.stringify(action))).toEqual({
      service: "s3",
      name: "GetObject",
      action: "s3:GetObject",
      accessLevel: "Read",
      supportsResourceLevelPermissions: true,
    });
  });

  it("tells actions that only accept Resource * apart", () => {
    expect(loaded.resourceTypesOf("s3:ListAllMyBuckets")).toEqual([]);
    expect(loaded.actionDetails("s3:ListAllMyBuckets")?.supportsResourceLevelPermissions).toBe(false);
    expect(loaded.resourceTypesOf("s3:Nope")).toBeUndefined();
  });

  it("gives the condition keys of an action with their types", () => {
    const keys = loaded.conditionKeysOf("iam:PassRole")!;
    expect(keys).toContainEqual({ key: "iam:PassedToService", type: "String", multiValued: false, global: false });
    const runInstances = loaded.conditionKeysOf("ec2:RunInstances")!.map((key) => key.key);
    expect(runInstances).toContain("aws:RequestTag/${TagKey}");
    expect(runInstances).toContain("ec2:InstanceType");
    expect(loaded.conditionKeysOf("s3:Nope")).toBeUndefined();
  });

  it.each([
    ["s3", "GetObjects", "s3:GetObject"],
    ["s3", "s3:GetObjects", "s3:GetObject"],
    ["s3", "getobject", "s3:GetObject"],
    ["iam", "CreatePolicyVersoin", "iam:CreatePolicyVersion"],
    ["kms", "Decript", "kms:Decrypt"],
    ["s3", "Xyzzy", undefined],
    ["nosuchservice", "GetObject", undefined],
  ])("closestAction(%j, %j) → %j", (service, action, expected) => {
    expect(loaded.closestAction(service, action)).toBe(expected);
  });
});

describe("condition keys", () => {
  it.each([
    ["aws:SourceIp", true],
    ["AWS:SOURCEIP", true],
    ["aws:PrincipalOrgID", true],
    ["aws:PrincipalTag/team", true],
    ["aws:principaltag/Team", true],
    ["aws:RequestTag/env", true],
    ["aws:ResourceTag/owner", true],
    ["aws:PrincipalTag/", false],
    ["aws:SourceIps", false],
    ["aws:MultiFactorAuthPresent", true],
    ["aws:username", true],
    ["s3:prefix", false],
  ])("isKnownGlobalConditionKey(%j) → %s", (key, expected) => {
    expect(loaded.isKnownGlobalConditionKey(key)).toBe(expected);
  });

  it.each([
    ["aws:TagKeys", true],
    ["aws:CalledVia", true],
    ["aws:PrincipalOrgPaths", true],
    ["aws:SourceIp", false],
    ["aws:PrincipalTag/team", false],
    ["kms:EncryptionContextKeys", true],
    ["sts:TransitiveTagKeys", true],
    ["s3:prefix", false],
    ["aws:NoSuchKey", undefined],
    ["s3:NoSuchKey", undefined],
  ])("isMultiValuedConditionKey(%j) → %j", (key, expected) => {
    expect(loaded.isMultiValuedConditionKey(key)).toBe(expected);
  });

  it.each([
    ["aws:SourceIp", "aws:SourceIp", "IPAddress"],
    ["s3:ExistingObjectTag/owner", "s3:ExistingObjectTag/<key>", "String"],
    ["kms:EncryptionContext:aws:pi:datasource", "kms:EncryptionContext:${EncryptionContextKey}", "String"],
    ["accounts.google.com:aud", "accounts.google.com:aud", "String"],
    ["token.actions.githubusercontent.com:repository", "token.actions.githubusercontent.com:repository", "String"],
    // keys of identity providers live in sts's file: found once sts is loaded
    ["saml:aud", "saml:aud", "String"],
    ["SAML:edupersonaffiliation", "saml:edupersonaffiliation", "ArrayOfString"],
    ["graph.facebook.com:id", "graph.facebook.com:id", "String"],
    ["token.actions.githubusercontent.com/myorg:ref", "token.actions.githubusercontent.com/${SubPath}:ref", "String"],
  ])("conditionKeyInfo(%j) is the catalogue's %j (%s)", (key, catalogueKey, type) => {
    expect(loaded.conditionKeyInfo(key)).toMatchObject({ key: catalogueKey, type });
  });

  it.each([["aws:SourceIps"], ["s3:NoSuchKey"], ["accounts.google.com:nope"], ["nosuchprovider.example.com:sub"]])(
    "conditionKeyInfo(%j) is undefined",
    (key) => {
      expect(loaded.conditionKeyInfo(key)).toBeUndefined();
    },
  );
});

describe("catalogueInfo", () => {
  it("reports the data version and date", async () => {
    const info = await loaded.catalogueInfo();
    expect(info.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Number.isNaN(Date.parse(info.updatedAt))).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------
// Every action in the AWS managed policy snapshots of iann0036/iam-dataset is known to the catalogue,
// except those the dataset itself labels unknown (retired services and actions AWS no longer documents).

const CORPUS = fileURLToPath(new URL("../../../shared/corpus/", import.meta.url));

interface CorpusEntry {
  path: string;
  labels?: { unknown_actions?: { action: string }[] };
}

interface PolicyJson {
  Statement: StatementJson | StatementJson[];
}
interface StatementJson {
  Action?: string | string[];
  NotAction?: string | string[];
}

// Actions the dataset does not label unknown but this catalogue does not know. Empty with iam-data
// 0.21.202609261; a new entry needs a comment saying why it is acceptable.
const FURTHER_CATALOGUE_GAPS: ReadonlySet<string> = new Set<string>([]);

describe("corpus: AWS managed policies", () => {
  const index = JSON.parse(readFileSync(`${CORPUS}index.json`, "utf8")) as CorpusEntry[];
  const managed = index.filter((entry) => entry.path.startsWith("policies/iann0036__iam-dataset/"));

  it("has the 70 managed policies", () => {
    expect(managed).toHaveLength(70);
  });

  it("knows every action they use, apart from the labelled unknown ones", async () => {
    const uses: { file: string; action: string; labelledUnknown: boolean }[] = [];
    for (const entry of managed) {
      const document = JSON.parse(readFileSync(`${CORPUS}${entry.path}`, "utf8")) as PolicyJson;
      const labelledUnknown = new Set((entry.labels?.unknown_actions ?? []).map((unknown) => unknown.action));
      const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
      for (const statement of statements) {
        for (const action of [statement.Action ?? [], statement.NotAction ?? []].flat()) {
          uses.push({ file: entry.path, action, labelledUnknown: labelledUnknown.has(action) });
        }
      }
    }
    expect(uses.length).toBeGreaterThan(1000);

    const corpusCatalogue = new ActionCatalogue();
    await corpusCatalogue.load(uses.map((use) => use.action));
    const isKnown = (action: string) =>
      hasWildcard(action) ? corpusCatalogue.actionsMatching(action).length > 0 : corpusCatalogue.isKnownAction(action);

    const unexpectedlyUnknown = uses
      .filter((use) => !use.labelledUnknown && !FURTHER_CATALOGUE_GAPS.has(use.action) && !isKnown(use.action))
      .map((use) => `${use.file}: ${use.action}`);
    expect(unexpectedlyUnknown).toEqual([]);

    // The labels stay honest too: what the dataset calls unknown, the catalogue does not know either.
    const labelledButKnown = uses.filter((use) => use.labelledUnknown && isKnown(use.action)).map((use) => use.action);
    expect(labelledButKnown).toEqual([]);
  });
});

// The AWS backend against a canned IAM endpoint (nock only): request encoding, paging, mapping AWS's matched
// positions back to the user's file, throttling and errors degrading to notices, and the SIM003 engine step.
// Credentials are injected; nothing may reach the network or the instance metadata service.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
process.env.AWS_EC2_METADATA_DISABLED = "true";

import { IAMClient } from "@aws-sdk/client-iam";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { crossCheckAnswers, crossCheckWithAws } from "../../src/engine/aws-cross-check.js";
import { parseConfig } from "../../src/engine/config.js";
import { simulatePolicies, simulateAs } from "../../src/engine/simulate.js";
import { parseLocatedJson } from "../../src/iac/json.js";
import { scanSources } from "../../src/iac/scan.js";
import type { Policy } from "../../src/iam/model.js";
import { normalizePolicy } from "../../src/iam/normalize.js";
import { awsCannotAnswer, createAwsSimulator, crossCheck, renderPolicyForAws, type AwsQuestion } from "../../src/simulator/aws.js";

const IAM = "https://iam.amazonaws.com";
const USER = "arn:aws:iam::111122223333:user/alice";

function client(): IAMClient {
  return new IAMClient({ region: "eu-west-1", credentials: { accessKeyId: "AKIDTESTTESTTEST", secretAccessKey: "test-secret" }, maxAttempts: 1 });
}

/** A policy file as a user wrote it: statement #1 starts on line 8 of `policies/deploy.json`. */
const DEPLOY_JSON = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::assets/*"
    },
    {
      "Sid": "Uploads",
      "Effect": "Allow",
      "Action": ["s3:PutObject"],
      "Resource": "arn:aws:s3:::assets/*",
      "Condition": { "IpAddress": { "aws:SourceIp": "10.0.0.0/8" } }
    }
  ]
}`;

function policyFile(path: string, text: string, kind: Policy["kind"] = "identity"): Policy {
  const parsed = parseLocatedJson(text, { path, line: 1, column: 1 });
  if (!parsed.ok) throw new Error(parsed.message);
  return normalizePolicy({ kind, name: path, document: parsed.value, at: parsed.value.at }).policy;
}

interface MatchedXml {
  id: string;
  line: number;
}

function resultXml(action: string, resource: string, decision: string, matched: MatchedXml[]): string {
  const statements = matched
    .map(
      (m) =>
        `<member><SourcePolicyId>${m.id}</SourcePolicyId><SourcePolicyType>none</SourcePolicyType>` +
        `<StartPosition><Line>${m.line}</Line><Column>5</Column></StartPosition>` +
        `<EndPosition><Line>${m.line + 5}</Line><Column>6</Column></EndPosition></member>`,
    )
    .join("");
  return (
    `<member><EvalActionName>${action}</EvalActionName><EvalResourceName>${resource}</EvalResourceName>` +
    `<EvalDecision>${decision}</EvalDecision><MatchedStatements>${statements}</MatchedStatements>` +
    `<MissingContextValues/>` +
    `<ResourceSpecificResults><member><EvalResourceName>${resource}</EvalResourceName>` +
    `<EvalResourceDecision>${decision}</EvalResourceDecision><MatchedStatements>${statements}</MatchedStatements>` +
    `</member></ResourceSpecificResults></member>`
  );
}

function responseXml(results: string[], marker?: string): string {
  return (
    `<SimulateCustomPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><SimulateCustomPolicyResult>` +
    `<IsTruncated>${marker ? "true" : "false"}</IsTruncated>${marker ? `<Marker>${marker}</Marker>` : ""}` +
    `<EvaluationResults>${results.join("")}</EvaluationResults></SimulateCustomPolicyResult>` +
    `<ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata></SimulateCustomPolicyResponse>`
  );
}

function errorXml(code: string, message: string): string {
  return (
    `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>` +
    `<Code>${code}</Code><Message>${message}</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`
  );
}

/** The form fields of a Query API body. */
function form(body: string): URLSearchParams {
  return new URLSearchParams(body);
}

let metadataService: nock.Scope;

beforeAll(() => {
  nock.disableNetConnect();
  // Would catch any attempt to find credentials on an instance: it must stay untouched.
  metadataService = nock("http://169.254.169.254").persist().get(/.*/).reply(500).put(/.*/).reply(500);
});

afterEach(() => {
  expect(metadataService.isDone()).toBe(false);
  nock.abortPendingRequests();
});

afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe("createAwsSimulator", () => {
  it("sends the documents form-encoded, pages through the results and maps positions back to the file", async () => {
    const policy = policyFile("policies/deploy.json", DEPLOY_JSON);
    const rendered = renderPolicyForAws(policy);
    // Statement #1 ("Uploads") starts on this line of the JSON sent to AWS.
    const uploadsLine = rendered.statementLines[1].line;
    const bodies: URLSearchParams[] = [];
    const resource = "arn:aws:s3:::assets/report.csv";
    const scope = nock(IAM)
      .matchHeader("content-type", /application\/x-www-form-urlencoded/)
      .post("/", (body: string) => {
        const fields = form(body);
        bodies.push(fields);
        return !fields.has("Marker");
      })
      .reply(200, responseXml([resultXml("s3:GetObject", resource, "allowed", [{ id: "PolicyInputList.1", line: rendered.statementLines[0].line }])], "page-2"))
      .post("/", (body: string) => {
        const fields = form(body);
        bodies.push(fields);
        return fields.get("Marker") === "page-2";
      })
      .reply(200, responseXml([resultXml("s3:PutObject", resource, "allowed", [{ id: "PolicyInputList.1", line: uploadsLine + 2 }])]));

    const simulator = createAwsSimulator({ region: "eu-west-1", client: client(), pageSize: 1 });
    const base = { principal: USER, resource, context: { "aws:SourceIp": "10.1.2.3" } };
    const answers = await simulator.simulate([
      { request: { ...base, action: "s3:GetObject" }, policies: { identity: [policy] } },
      { request: { ...base, action: "s3:PutObject" }, policies: { identity: [policy] } },
    ]);
    expect(scope.isDone()).toBe(true);

    // One call for both actions, two pages.
    expect(bodies).toHaveLength(2);
    const first = bodies[0];
    expect(first.get("Action")).toBe("SimulateCustomPolicy");
    expect(first.get("Version")).toBe("2010-05-08");
    expect(first.get("MaxItems")).toBe("1");
    expect(first.get("ActionNames.member.1")).toBe("s3:GetObject");
    expect(first.get("ActionNames.member.2")).toBe("s3:PutObject");
    expect(first.get("ResourceArns.member.1")).toBe(resource);
    expect(first.get("CallerArn")).toBe(USER);
    expect(first.get("ResourceOwner")).toBe("arn:aws:iam::111122223333:root");
    expect(first.get("PolicyInputList.member.1")).toBe(rendered.json);
    expect(JSON.parse(first.get("PolicyInputList.member.1")!)).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::assets/*"] },
        { Sid: "Uploads", Effect: "Allow", Action: ["s3:PutObject"], Resource: ["arn:aws:s3:::assets/*"], Condition: { IpAddress: { "aws:SourceIp": ["10.0.0.0/8"] } } },
      ],
    });
    // The context key's type follows the operator the policy uses it with; principal keys are sent too.
    const entries = new Map<string, { values: string[]; type: string | null }>();
    for (let n = 1; first.has(`ContextEntries.member.${n}.ContextKeyName`); n++) {
      entries.set(first.get(`ContextEntries.member.${n}.ContextKeyName`)!, {
        values: [first.get(`ContextEntries.member.${n}.ContextKeyValues.member.1`)!],
        type: first.get(`ContextEntries.member.${n}.ContextKeyType`),
      });
    }
    expect(entries.get("aws:SourceIp")).toEqual({ values: ["10.1.2.3"], type: "ip" });
    expect(entries.get("aws:PrincipalArn")).toEqual({ values: [USER], type: "string" });
    expect(bodies[1].get("Marker")).toBe("page-2");

    expect(answers[0]).toMatchObject({ status: "answered", decision: "allowed" });
    expect(answers[1]).toMatchObject({
      status: "answered",
      decision: "allowed",
      matched: [{ sourcePolicyId: "PolicyInputList.1", policy: "policies/deploy.json", sid: "Uploads", index: 1, at: { path: "policies/deploy.json", startLine: 9 } }],
    });
  });

  it("degrades throttling to a notice, never to a failure", async () => {
    const scope = nock(IAM).post("/").reply(400, errorXml("Throttling", "Rate exceeded"), { "content-type": "text/xml" });
    const policy = policyFile("policies/deploy.json", DEPLOY_JSON);
    const simulator = createAwsSimulator({ region: "us-east-1", client: client() });
    const [answer] = await simulator.simulate([{ request: { action: "s3:GetObject", resource: "arn:aws:s3:::assets/a", principal: USER }, policies: { identity: [policy] } }]);
    expect(scope.isDone()).toBe(true);
    expect(answer.status).toBe("failed");
    expect(answer.status === "failed" && answer.notice).toMatch(/throttled.*local answer stands/);
  });

  it("degrades any other error (access denied, network) to a notice", async () => {
    nock(IAM).post("/").reply(403, errorXml("AccessDenied", "not authorized to perform iam:SimulateCustomPolicy"), { "content-type": "text/xml" });
    const policy = policyFile("policies/deploy.json", DEPLOY_JSON);
    const simulator = createAwsSimulator({ region: "us-east-1", client: client() });
    const [denied] = await simulator.simulate([{ request: { action: "s3:GetObject", resource: "arn:aws:s3:::assets/a" }, policies: { identity: [policy] } }]);
    expect(denied).toMatchObject({ status: "failed" });
    expect(denied.status === "failed" && denied.notice).toMatch(/AccessDenied.*local answer stands/);
    // No interceptor: nock refuses the connection, as an unreachable endpoint would.
    const [unreachable] = await simulator.simulate([{ request: { action: "s3:GetObject", resource: "arn:aws:s3:::assets/b" }, policies: { identity: [policy] } }]);
    expect(unreachable.status).toBe("failed");
  });

  it("skips what AWS cannot evaluate: SCPs, session policies, trust policies, non-user callers of resource policies, unresolved values", () => {
    const identity = policyFile("id.json", DEPLOY_JSON);
    const resourcePolicy = policyFile("bucket.json", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"${USER}"},"Action":"s3:GetObject","Resource":"*"}]}`, "resource");
    const trust = policyFile("trust.json", `{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`, "trust");
    const request = { action: "s3:GetObject", resource: "arn:aws:s3:::assets/a", principal: USER };
    const ask = (question: AwsQuestion) => awsCannotAnswer(question);
    expect(ask({ request, policies: { identity: [identity] } })).toBeUndefined();
    expect(ask({ request, policies: { identity: [identity], scps: [identity] } })).toMatch(/service control policies/);
    expect(ask({ request, policies: { identity: [identity], session: identity } })).toMatch(/session policies/);
    expect(ask({ request, policies: { identity: [identity], resource: trust } })).toMatch(/trust policies/);
    expect(ask({ request, policies: { identity: [identity], resource: resourcePolicy } })).toBeUndefined();
    expect(ask({ request: { ...request, principal: "arn:aws:iam::111122223333:role/dev" }, policies: { identity: [identity], resource: resourcePolicy } })).toMatch(/IAM user/);
    expect(ask({ request: { ...request, resource: "arn:aws:s3:::<unresolved:var.bucket>/a" }, policies: { identity: [identity] } })).toMatch(/not known statically/);
  });

  it("reports a disagreement at the source line of the statement AWS matched", async () => {
    const policy = policyFile("policies/deploy.json", DEPLOY_JSON);
    const rendered = renderPolicyForAws(policy);
    const resource = "arn:aws:s3:::assets/report.csv";
    // Locally: the Uploads statement needs aws:SourceIp in 10.0.0.0/8; without it PutObject is implicitly denied.
    const local = simulatePolicies({ identity: [policy] }, { action: "s3:PutObject", resource, principal: USER });
    expect(local.decision).toBe("implicitDeny");
    nock(IAM).post("/").reply(200, responseXml([resultXml("s3:PutObject", resource, "allowed", [{ id: "PolicyInputList.1", line: rendered.statementLines[1].line }])]));
    const simulator = createAwsSimulator({ region: "us-east-1", client: client() });
    const [answer] = await simulator.simulate([{ request: local.request, policies: local.policies }]);
    const disagreement = crossCheck(local, answer);
    expect(disagreement).toMatchObject({ local: "implicitDeny", aws: "allowed", at: { path: "policies/deploy.json", startLine: 9 } });
    expect(crossCheck(local, { status: "answered", decision: "implicitDeny", matched: [], missingContext: [] })).toBeUndefined();
    expect(crossCheck(local, { status: "failed", notice: "throttled" })).toBeUndefined();
  });
});

describe("crossCheckWithAws (SIM003)", () => {
  const MAIN_TF = `resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_policy" "alice" {
  user = aws_iam_user.alice.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "Read"
      Effect   = "Allow"
      Action   = "s3:GetObject"
      Resource = "arn:aws:s3:::assets/*"
    }]
  })
}
`;

  async function scan() {
    return scanSources([{ path: "main.tf", text: MAIN_TF }], { read: () => undefined });
  }

  const question = { address: "aws_iam_user.alice", action: "s3:GetObject", resource: "arn:aws:s3:::assets/a", principal: USER };

  it("reports a disagreement as a SIM003 notice at the statement AWS matched", async () => {
    const result = await scan();
    const local = simulateAs(result, question);
    const rendered = renderPolicyForAws(local.policies.identity[0]);
    nock(IAM).post("/").reply(200, responseXml([resultXml("s3:GetObject", question.resource, "explicitDeny", [{ id: "PolicyInputList.1", line: rendered.statementLines[0].line }])]));
    const simulator = createAwsSimulator({ region: "us-east-1", client: client() });
    const checked = await crossCheckWithAws(result, [question], { enabled: true, simulator, trigger: "review", fromFork: false });
    expect(checked.compared).toBe(1);
    expect(checked.notices).toEqual([]);
    expect(checked.findings).toHaveLength(1);
    const [finding] = checked.findings;
    expect(finding).toMatchObject({ ruleId: "SIM003", name: "simulator-disagreement", severity: "notice", resource: "aws_iam_user.alice", at: { path: "main.tf", startLine: 9 } });
    expect(finding.message).toContain("AWS's policy simulator says explicitDeny but iam-review says allowed for s3:GetObject");
    expect(finding.message).toContain('aws_iam_user_policy.alice#policy statement "Read" (main.tf:9)');
    expect(finding.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it("does nothing when disabled, and never runs automatically for a fork", async () => {
    const result = await scan();
    const simulator = createAwsSimulator({ region: "us-east-1", client: client() });
    const off = await crossCheckWithAws(result, [question], { enabled: false, simulator, trigger: "review", fromFork: false });
    expect(off).toEqual({ findings: [], notices: [], compared: 0, skipped: [] });
    const fork = await crossCheckWithAws(result, [question], { enabled: true, simulator, trigger: "review", fromFork: true });
    expect(fork.compared).toBe(0);
    expect(fork.notices[0]).toMatch(/fork/);
    // A maintainer's command on a fork's pull request may ask.
    nock(IAM).post("/").reply(200, responseXml([resultXml("s3:GetObject", question.resource, "allowed", [])]));
    const command = await crossCheckWithAws(result, [question], { enabled: true, simulator, trigger: "command", fromFork: true });
    expect(command).toMatchObject({ compared: 1, findings: [], notices: [] });
  });

  it("keeps the review going on throttling, with a notice", async () => {
    const result = await scan();
    nock(IAM).post("/").reply(400, errorXml("Throttling", "Rate exceeded"), { "content-type": "text/xml" });
    const simulator = createAwsSimulator({ region: "us-east-1", client: client() });
    const answer = simulateAs(result, question);
    const checked = await crossCheckAnswers([answer], { enabled: true, simulator, trigger: "review", fromFork: false });
    expect(checked.findings).toEqual([]);
    expect(checked.notices).toEqual([expect.stringMatching(/throttled/)]);
  });

  it("does not compare answers on any resource or undecided ones, and honours a configured severity", async () => {
    const result = await scan();
    const simulator = createAwsSimulator({ region: "us-east-1", client: client() });
    const anyResource = await crossCheckWithAws(result, [{ ...question, resource: "*" }], { enabled: true, simulator, trigger: "review", fromFork: false });
    expect(anyResource.compared).toBe(0);
    expect(anyResource.skipped[0].reason).toMatch(/any resource/);
    const unknown = await crossCheckWithAws(result, [{ ...question, address: "aws_iam_user.bob" }], { enabled: true, simulator, trigger: "review", fromFork: false });
    expect(unknown.skipped[0].reason).toMatch(/aws_iam_user.bob/);

    const { config } = parseConfig("rules:\n  SIM003: off\n");
    nock(IAM).post("/").reply(200, responseXml([resultXml("s3:GetObject", question.resource, "implicitDeny", [])]));
    const silenced = await crossCheckWithAws(result, [question], { enabled: true, simulator, trigger: "review", fromFork: false, config });
    expect(silenced).toMatchObject({ compared: 1, findings: [] });
  });
});

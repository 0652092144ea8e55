// The AWS Lambda handler, invoked as Lambda invokes it: API Gateway (REST and HTTP API) and Function URL
// events carrying a signed webhook, with GitHub answered by nock. And the deployment facts it depends on:
// the App starts without REDIS_URL, and with it Probot finds `ioredis`.

import { createHmac } from "node:crypto";
import { createRequire } from "node:module";
import nock from "nock";
import { createProbot, Probot, ProbotOctokit } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/github/app.js";
import { createLambdaFunction, handler, lambdaProbot, type LambdaHttpEvent, type LambdaHandler } from "../../src/github/lambda.js";
import { fixturePr, mockReads } from "./helpers/fake-pr.js";
import { captured, mockCheckRun, mockPublish } from "./helpers/flow.js";
import { API, APP_ID, DOCS, example, github, privateKey } from "./helpers/probot.js";

const SECRET = "lambda-webhook-secret";
const pr = fixturePr("new-finding");
const docsOnly = fixturePr("docs-only");

function lambda(): LambdaHandler {
  const probot = new Probot({
    appId: APP_ID,
    privateKey,
    secret: SECRET,
    logLevel: "fatal",
    Octokit: ProbotOctokit.defaults((options: any) => ({ ...options, retry: { enabled: false }, throttle: { enabled: false } })),
  });
  return createLambdaFunction(createApp({ appId: APP_ID, docsBaseUrl: DOCS }), { probot });
}

function openedBody(target = pr): string {
  const payload = example("pull_request", "opened");
  payload.pull_request.base.sha = target.baseSha;
  payload.pull_request.head.sha = target.headSha;
  return JSON.stringify(payload);
}

const sign = (body: string, secret = SECRET) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

/** API Gateway REST API (payload 1.0): headers as the sender wrote them. */
function restApiEvent(body: string, signature = sign(body)): LambdaHttpEvent {
  return {
    httpMethod: "POST",
    headers: { "Content-Type": "application/json", "X-GitHub-Event": "pull_request", "X-GitHub-Delivery": "d-1", "X-Hub-Signature-256": signature },
    body,
    isBase64Encoded: false,
  };
}

/** Function URL / HTTP API (payload 2.0): lower-cased headers, the body base64-encoded. */
function functionUrlEvent(body: string, signature = sign(body)): LambdaHttpEvent {
  return {
    requestContext: { http: { method: "POST" } },
    headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": "d-2", "x-hub-signature-256": signature },
    body: Buffer.from(body).toString("base64"),
    isBase64Encoded: true,
  };
}

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe("the Lambda handler", () => {
  it("a signed pull_request event through API Gateway: 200 once the check run is completed and the review posted", async () => {
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    mockReads(scope, pr);
    mockPublish(scope, pr, out);
    const response = await lambda()(restApiEvent(openedBody()));
    expect(response).toEqual({ statusCode: 200, headers: { "content-type": "text/plain" }, body: "ok\n" });
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.updated.at(-1)).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(out.reviews).toHaveLength(1);
  });

  it("a Function URL event with a base64 body: the signature is checked on the decoded bytes", async () => {
    const out = captured();
    const scope = github();
    mockCheckRun(scope, docsOnly, out);
    mockReads(scope, docsOnly);
    const response = await lambda()(functionUrlEvent(openedBody(docsOnly)));
    expect(response.statusCode).toBe(200);
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.updated.at(-1)).toMatchObject({ status: "completed", conclusion: "success" });
  });

  it("a bad signature: 400 and no request to GitHub", async () => {
    const body = openedBody();
    const responses = await Promise.all([
      lambda()(restApiEvent(body, sign(body, "someone else's secret"))),
      lambda()(functionUrlEvent(body, `sha256=${"0".repeat(64)}`)),
    ]);
    expect(responses.map((r) => r.statusCode)).toEqual([400, 400]);
    expect(JSON.parse(responses[0].body)).toEqual({ error: "the signature does not match the payload, or the payload is not JSON" });
    expect(nock.pendingMocks()).toEqual([]);
  });

  it("a signed body that is not JSON, missing webhook headers, a GET: 400, 400, 405", async () => {
    const notJson = "not json";
    const missing = restApiEvent(openedBody());
    delete missing.headers?.["X-GitHub-Delivery"];
    const responses = await Promise.all([
      lambda()(restApiEvent(notJson)),
      lambda()(missing),
      lambda()({ ...functionUrlEvent(openedBody()), requestContext: { http: { method: "GET" } } }),
    ]);
    expect(responses.map((r) => r.statusCode)).toEqual([400, 400, 405]);
  });

  it("a failure while handling: 500 without the reason (it goes to the function's log)", async () => {
    github()
      .post(`/repos/${pr.owner}/${pr.repo}/check-runs`)
      .reply(500, { message: "secret internal detail" });
    const response = await lambda()(restApiEvent(openedBody()));
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body)).toEqual({ error: "iam-review could not handle this delivery: see the function's logs", delivery: "d-1" });
    expect(response.body).not.toContain("secret internal detail");
    expect(response.body).not.toContain(API);
  });
});

describe("the deployed handler and its configuration", () => {
  it("refuses to run without an App id, a key and a real webhook secret (500, nothing leaked)", async () => {
    expect(() => lambdaProbot({ APP_ID: String(APP_ID), PRIVATE_KEY: privateKey, WEBHOOK_SECRET: "development" })).toThrow(
      /WEBHOOK_SECRET is not set or is Probot's default/,
    );
    const saved = { APP_ID: process.env.APP_ID, WEBHOOK_SECRET: process.env.WEBHOOK_SECRET };
    delete process.env.APP_ID;
    delete process.env.WEBHOOK_SECRET;
    try {
      const response = await handler(restApiEvent(openedBody()));
      expect(response).toMatchObject({ statusCode: 500, body: JSON.stringify({ error: "iam-review is not configured: see the function's logs" }) });
    } finally {
      for (const [key, value] of Object.entries(saved)) if (value !== undefined) process.env[key] = value;
    }
  });

  it("reads the App from the environment (createProbot): a bad signature is refused by the configured secret", async () => {
    const probot = lambdaProbot({ APP_ID: String(APP_ID), PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, LOG_LEVEL: "fatal" });
    const fromEnv = createLambdaFunction(createApp({ appId: APP_ID, docsBaseUrl: DOCS }), { probot });
    const body = openedBody();
    expect((await fromEnv(restApiEvent(body, sign(body, "development")))).statusCode).toBe(400);
  });

  it("starts without REDIS_URL (no Redis client is needed)", async () => {
    const probot = createProbot({ env: { APP_ID: String(APP_ID), PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, LOG_LEVEL: "fatal" } });
    await expect(probot.ready()).resolves.toBe(probot);
  });

  it("with REDIS_URL, Probot imports `ioredis` from where it is installed (an optional dependency of ours)", () => {
    // Probot loads it lazily through npx-import-light, which imports it relative to its own location.
    const probotRequire = createRequire(createRequire(import.meta.url).resolve("probot"));
    const importerRequire = createRequire(probotRequire.resolve("npx-import-light"));
    expect(importerRequire.resolve("ioredis")).toMatch(/node_modules[\\/]ioredis[\\/]/);
  });
});

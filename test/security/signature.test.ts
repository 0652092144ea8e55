// Webhook signatures, through the real middleware (Probot's createNodeMiddleware on an HTTP server, as the
// App runs): a delivery is handled only when its X-Hub-Signature-256 is the HMAC of its body with the App's
// secret. Anyone can POST to the webhook URL; only GitHub knows the secret.

import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { createNodeMiddleware, Probot, ProbotOctokit } from "probot";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/github/app.js";
import { fixturePr, mockReads } from "../github/helpers/fake-pr.js";
import { captured, mockCheckRun } from "../github/helpers/flow.js";
import { APP_ID, DOCS, example, FAST, github, privateKey } from "../github/helpers/probot.js";

const SECRET = "webhook-secret-for-the-signature-test";

let server: Server;
let url: string;

beforeAll(async () => {
  const probot = new Probot({
    appId: APP_ID,
    privateKey,
    secret: SECRET,
    logLevel: "fatal",
    Octokit: ProbotOctokit.defaults((options: any) => ({ ...options, retry: { enabled: false }, throttle: { enabled: false } })),
  });
  const middleware = await createNodeMiddleware(createApp({ appId: APP_ID, docsBaseUrl: DOCS, resilience: FAST }), { probot });
  server = createServer((req, res) => {
    void middleware(req, res, () => {
      res.writeHead(404);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  nock.disableNetConnect();
  nock.enableNetConnect("127.0.0.1");
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const docsOnly = fixturePr("docs-only");
function event(): string {
  const payload = example("pull_request", "opened");
  payload.pull_request.head.sha = docsOnly.headSha;
  payload.pull_request.base.sha = docsOnly.baseSha;
  return JSON.stringify(payload);
}

let delivery = 0;
function post(body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": `sig-${++delivery}`, ...headers },
    body,
  });
}

const sign = (body: string, secret = SECRET) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

describe("webhook signature verification", () => {
  it("GitHub's documented test vector verifies", async () => {
    const probot = new Probot({ appId: APP_ID, privateKey, secret: "It's a Secret to Everybody", logLevel: "fatal" });
    await probot.load(() => undefined);
    await expect(probot.webhooks.verify("Hello, World!", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")).resolves.toBe(true);
    await expect(probot.webhooks.verify("Hello, World?", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")).resolves.toBe(false);
  });

  it("a correctly signed delivery is handled: a check run is created and completed", async () => {
    const out = captured();
    const scope = github();
    mockCheckRun(scope, docsOnly, out);
    mockReads(scope, docsOnly);
    const body = event();
    expect((await post(body, { "x-hub-signature-256": sign(body) })).status).toBe(200);
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.updated).toMatchObject([{ status: "completed", conclusion: "success" }]);
  });

  it.each([
    ["signed with another secret", (body: string) => ({ "x-hub-signature-256": sign(body, "not-the-secret") })],
    ["signed, then the body changed", (body: string) => ({ "x-hub-signature-256": sign(body.replace("opened", "closed")) })],
    ["a malformed signature", () => ({ "x-hub-signature-256": "sha256=nothex" })],
    ["only the legacy SHA-1 signature", (body: string) => ({ "x-hub-signature": `sha1=${createHmac("sha1", SECRET).update(body).digest("hex")}` })],
    ["no signature at all", () => ({})],
  ])("%s: refused with 400 before any handler runs, nothing asked of GitHub", async (_, headers) => {
    const body = event();
    const response = await post(body, headers(body));
    expect(response.status).toBe(400);
    // disableNetConnect: a handler that ran would have tried to create a check run and failed loudly.
    expect(nock.pendingMocks()).toEqual([]);
  });

  it("a body that is not JSON (wrong content type) is refused", async () => {
    const body = event();
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-github-event": "pull_request", "x-github-delivery": "sig-form", "x-hub-signature-256": sign(body) },
      body,
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
});

// A Probot instance with the App loaded, sealed off from the network (nock), and real webhook payloads from
// @octokit/webhooks-examples picked by event, action and installation — never by index.

import { generateKeyPairSync } from "node:crypto";
import { createRequire } from "node:module";
import nock from "nock";
import { Probot, ProbotOctokit } from "probot";
import { createApp, type AppOptions } from "../../../src/github/app.js";

export const APP_ID = 123;
export const INSTALLATION_ID = 1;
/** The docs URL the PR fixtures' expected summaries were rendered with. */
export const DOCS = "https://github.com/iam-review/iam-review/blob/main/docs/rules";
export const API = "https://api.github.com";

const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
export { privateKey };

/** The App's retry policy with waits shortened: retry-after seconds become milliseconds. */
export const FAST: AppOptions["resilience"] = { backoffMs: 1, secondMs: 1 };

export async function testProbot(options: AppOptions = {}): Promise<Probot> {
  const probot = new Probot({
    appId: APP_ID,
    privateKey,
    logLevel: (process.env.TEST_LOG_LEVEL as "fatal" | undefined) ?? "fatal",
    // The function form runs last: Probot's own throttle options would otherwise switch throttling back on
    // and space every write a second apart.
    Octokit: ProbotOctokit.defaults((options: any) => ({ ...options, retry: { enabled: false }, throttle: { enabled: false } })),
  });
  await probot.load(createApp({ appId: APP_ID, docsBaseUrl: DOCS, resilience: FAST, ...options }));
  return probot;
}

interface WebhookDefinition {
  name: string;
  examples: Record<string, unknown>[];
}

// The package is CommonJS with an `export default` declaration that NodeNext types wrongly: require it.
const definitions = createRequire(import.meta.url)("@octokit/webhooks-examples") as WebhookDefinition[];

/** A deep copy of the first example of `name.action` that carries an installation. */
export function example(name: string, action: string): any {
  const found = definitions
    .find((d) => d.name === name)
    ?.examples.find((e) => e.action === action && typeof e.installation === "object" && e.installation !== null);
  if (!found) throw new Error(`no ${name}.${action} example with an installation`);
  return structuredClone(found);
}

/** The token exchange every installation-authenticated event starts with. */
export function github(): nock.Scope {
  return nock(API).post(`/app/installations/${INSTALLATION_ID}/access_tokens`).reply(201, { token: "test-token", expires_at: "2999-01-01T00:00:00Z" });
}

/** Bodies of matched requests, captured (asserting inside a nock matcher would hang the request). */
export function capture<T = any>(into: T[]): (body: T) => boolean {
  return (body) => {
    into.push(body);
    return true;
  };
}

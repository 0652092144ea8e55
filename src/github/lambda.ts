// AWS Lambda entry: the App behind an API Gateway (REST or HTTP API) or a Lambda Function URL, in the pattern
// of Probot's own adapter (whose published versions depend on Probot 13): one Probot per container, the App
// loaded once, and per invocation `webhooks.verifyAndReceive` with the delivery's lower-cased headers. The
// answer comes after the review finished (Lambda may freeze the process once it returns): 200 on success,
// 400 when the delivery is not a valid signed webhook, 500 when handling it failed — without internals.
//
// Deploy with `handler` as the function's handler (lib/github/lambda.handler); docs/deployment.md, "AWS Lambda".

import { createProbot, type ApplicationFunction, type Probot } from "probot";
import app from "./app.js";
import { describeError } from "./client.js";
import { productionConfigurationProblems } from "./startup.js";

/** The parts of the three event shapes (API Gateway v1 and v2, Function URL) that a webhook needs. */
export interface LambdaHttpEvent {
  headers?: Record<string, string | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
  /** API Gateway REST API (payload v1). */
  httpMethod?: string;
  /** HTTP API (payload v2) and Function URLs. */
  requestContext?: { http?: { method?: string } } | null;
}

export interface LambdaHttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export type LambdaHandler = (event: LambdaHttpEvent) => Promise<LambdaHttpResult>;

type WebhookEventName = Parameters<Probot["webhooks"]["verifyAndReceive"]>[0]["name"];

export function createLambdaFunction(appFn: ApplicationFunction, options: { probot: Probot }): LambdaHandler {
  const { probot } = options;
  // Once per container, outside the invocations; a failure is reported by every invocation, not swallowed.
  const ready = probot.load(appFn).then(() => probot.ready());
  ready.catch(() => {});
  return async (event) => {
    try {
      await ready;
    } catch (error) {
      return failed(probot, "the App could not be loaded", error);
    }
    const method = event.requestContext?.http?.method ?? event.httpMethod;
    if (method !== undefined && method.toUpperCase() !== "POST") return respond(405, { error: "webhooks are POSTed" });
    const headers = lowerCaseHeaders(event.headers);
    const id = headers["x-github-delivery"];
    const name = headers["x-github-event"];
    const signature = headers["x-hub-signature-256"];
    if (!id || !name || !signature) {
      return respond(400, { error: "not a GitHub webhook: X-GitHub-Delivery, X-GitHub-Event and X-Hub-Signature-256 are required" });
    }
    const payload = event.isBase64Encoded ? Buffer.from(event.body ?? "", "base64").toString("utf8") : (event.body ?? "");
    try {
      await probot.webhooks.verifyAndReceive({ id, name: name as WebhookEventName, signature, payload });
    } catch (error) {
      if (isRejectedDelivery(error)) {
        probot.log.warn({ id, name }, "webhook rejected: the signature does not match or the body is not JSON");
        return respond(400, { error: "the signature does not match the payload, or the payload is not JSON" });
      }
      return failed(probot, `handling ${name} delivery ${id} failed`, error, id);
    }
    return { statusCode: 200, headers: { "content-type": "text/plain" }, body: "ok\n" };
  };
}

/** The Probot the deployed function uses: configured from the environment, refusing an unsafe configuration. */
export function lambdaProbot(env: NodeJS.ProcessEnv = process.env): Probot {
  // A function on the internet is always production: no App id or key, or the default secret, is refused.
  const problems = productionConfigurationProblems({ ...env, NODE_ENV: "production" });
  if (problems.length > 0) throw new Error(`iam-review cannot start: ${problems.join("; ")}`);
  return createProbot({ env });
}

let deployed: LambdaHandler | undefined;

/** The function's handler: the Probot is created on the container's first invocation and kept. */
export const handler: LambdaHandler = async (event) => {
  if (!deployed) {
    try {
      deployed = createLambdaFunction(app, { probot: lambdaProbot() });
    } catch (error) {
      process.stderr.write(`${describeError(error)}\n`);
      return respond(500, { error: "iam-review is not configured: see the function's logs" });
    }
  }
  return deployed(event);
};

function lowerCaseHeaders(headers: LambdaHttpEvent["headers"]): Record<string, string> {
  const lower: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) if (value !== undefined) lower[key.toLowerCase()] = value;
  return lower;
}

/** @octokit/webhooks rejects a bad signature or a non-JSON body with status 400 before any handler runs. */
function isRejectedDelivery(error: unknown): boolean {
  const first = error instanceof AggregateError ? (error.errors[0] as unknown) : error;
  if (!(first instanceof Error) || (first as { status?: unknown }).status !== 400) return false;
  return /signature does not match|Invalid JSON/.test(first.message);
}

function failed(probot: Probot, what: string, error: unknown, id?: string): LambdaHttpResult {
  try {
    probot.log.error({ err: error, ...(id ? { id } : {}) }, `iam-review: ${what}`);
  } catch {
    // Probot failed before it had a logger: the function's log is stderr.
    process.stderr.write(`iam-review: ${what}: ${describeError(error)}\n`);
  }
  // The reason is in the function's logs; the response (which GitHub shows in the delivery log) says only that.
  return respond(500, { error: "iam-review could not handle this delivery: see the function's logs", ...(id ? { delivery: id } : {}) });
}

function respond(statusCode: number, body: Record<string, string>): LambdaHttpResult {
  return { statusCode, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

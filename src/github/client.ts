// The one Octokit shape the GitHub layer needs. Probot's context.octokit and a plain `new Octokit()` from
// @octokit/rest both fit it, so the publishing code can be reused outside Probot (a GitHub Action).

import type { Octokit } from "@octokit/rest";

export type GitHub = Pick<Octokit, "rest" | "paginate" | "graphql" | "request">;

/** Who we are on GitHub: our comments are recognised by this, never by their markers alone. */
export interface AppIdentity {
  appId?: number;
  /** `<app-slug>[bot]`. */
  botLogin?: string;
}

export interface RepoRef {
  owner: string;
  repo: string;
}

export function httpStatus(error: unknown): number | undefined {
  if (typeof error === "object" && error !== null && "status" in error) {
    const status = (error as { status: unknown }).status;
    return typeof status === "number" ? status : undefined;
  }
  return undefined;
}

export function isNotFound(error: unknown): boolean {
  return httpStatus(error) === 404;
}

/** A short reason for a summary or a reply: never a stack trace, never a token. */
export function describeError(error: unknown): string {
  const status = httpStatus(error);
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split("\n")[0].slice(0, 300);
  // Octokit reports a request that got no answer at all (a timeout, a reset connection) as a 500.
  if (status === 500 && !hasResponse(error)) return `GitHub did not answer: ${firstLine}`;
  return status === undefined ? firstLine : `GitHub answered ${status}: ${firstLine}`;
}

function hasResponse(error: unknown): boolean {
  return typeof error === "object" && error !== null && "response" in error && (error as { response?: unknown }).response !== undefined;
}

/** Runs `fn` over `items` with at most `limit` calls in flight, keeping the order of the results. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// ------------------------------------------------------------------------------------------- resilience
//
// GitHub fails in ordinary ways: a 502, a reset connection, a request that never answers, a secondary rate
// limit. Probot's Octokit retries 5xx answers to POSTs too, which can repeat a review that GitHub created
// before the answer was lost, and it does not retry secondary rate limits at all (github-app-spec §6.2).
// So iam-review owns its retry policy: the transport below times every request out, retries reads, waits
// out rate limits within a bound, and never repeats a write on its own; writes that may have happened are
// looked for (by their marker) before they are made again (`writeOnce`).

/** The API version the App is written against, sent explicitly rather than left to GitHub's default. */
export const API_VERSION = "2022-11-28";

export interface Resilience {
  /** A request that has not answered after this long is abandoned (a hung GitHub must not hang a review). */
  timeoutMs: number;
  /** Attempts for a read (GET, HEAD, a GraphQL query) that failed with a 5xx, a timeout or a reset. */
  readAttempts: number;
  /** Backoff between read attempts: `backoffMs × attempt²`. */
  backoffMs: number;
  /** A rate limit is waited out when GitHub asks for at most this long (`retry-after`, or until the reset)... */
  maxRateLimitWaitSeconds: number;
  /** ...and at most this many times per request. */
  rateLimitRetries: number;
  /** Completing a check run matters more: its rate-limit waits may be this long in total. */
  completionWaitSeconds: number;
  /** Milliseconds per second of `retry-after`: 1000, or less in tests. */
  secondMs: number;
}

export const DEFAULT_RESILIENCE: Resilience = {
  timeoutMs: 30_000,
  readAttempts: 3,
  backoffMs: 1000,
  maxRateLimitWaitSeconds: 60,
  rateLimitRetries: 2,
  completionWaitSeconds: 900,
  secondMs: 1000,
};

/** GitHub refused for a while (secondary or primary rate limit) for longer than iam-review waits. */
export class RateLimitedError extends Error {
  constructor(
    readonly waitSeconds: number,
    readonly secondary: boolean,
    httpStatusCode: number,
  ) {
    super(
      `GitHub's ${secondary ? "secondary " : ""}rate limit stopped iam-review (HTTP ${httpStatusCode}): GitHub asks to wait ${waitSeconds} s before the next request`,
    );
    this.name = "RateLimitedError";
  }
}

interface HookedOctokit {
  hook: { wrap(name: "request", wrapper: (request: (options: RequestOptions) => Promise<unknown>, options: RequestOptions) => Promise<unknown>): void };
}

interface RequestOptions {
  method: string;
  url: string;
  headers: Record<string, string | number | undefined>;
  request?: { fetch?: unknown; retries?: number; [option: string]: unknown };
  query?: unknown;
  [option: string]: unknown;
}

const resilienceOf = new WeakMap<object, Resilience>();

/** The policy installed on `gh` (the defaults when none was). */
export function resilience(gh: object): Resilience {
  return resilienceOf.get(gh) ?? DEFAULT_RESILIENCE;
}

/**
 * Installs iam-review's transport policy on an Octokit (once): the API version header, a timeout per attempt,
 * retries for reads, waits for rate limits, and no automatic retry of writes by Octokit's retry plugin.
 * The Probot App installs it on every event's Octokit; other entry points (the Action) may install it too.
 */
export function makeResilient<T extends object>(octokit: T, overrides: Partial<Resilience> = {}): T {
  if (resilienceOf.has(octokit)) return octokit;
  const policy = { ...DEFAULT_RESILIENCE, ...overrides };
  resilienceOf.set(octokit, policy);
  (octokit as unknown as HookedOctokit).hook.wrap("request", async (request, options) => {
    options.headers["x-github-api-version"] = API_VERSION;
    const idempotent = isIdempotent(options);
    // The clock starts when the request goes out, not while it waits in the throttling queue.
    const inner = options.request?.fetch as typeof fetch | undefined;
    const timedFetch: typeof fetch = (input, init) => {
      const timeout = AbortSignal.timeout(policy.timeoutMs);
      const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
      return (inner ?? globalThis.fetch)(input, { ...init, signal });
    };
    // `retries: 0` switches off Octokit's retry plugin, which would repeat a POST after a 5xx (a duplicate
    // review) and knows nothing of the time already spent.
    options.request = { ...options.request, retries: 0, fetch: timedFetch };
    let rateLimitWaits = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        return await request(options);
      } catch (error) {
        const wait = rateLimitWaitSeconds(error);
        if (wait !== undefined) {
          // A rate-limited request was not performed: repeating it is safe, writes included.
          if (wait > policy.maxRateLimitWaitSeconds || rateLimitWaits >= policy.rateLimitRetries) {
            throw new RateLimitedError(wait, isSecondaryRateLimit(error), httpStatus(error) ?? 403);
          }
          rateLimitWaits++;
          await sleep(wait * policy.secondMs);
          continue;
        }
        if (!idempotent || !isTransient(error) || attempt >= policy.readAttempts) throw error;
        await sleep(policy.backoffMs * attempt * attempt);
      }
    }
  });
  return octokit;
}

/** Reads can be repeated blindly; a GraphQL query is a POST that reads. */
function isIdempotent(options: RequestOptions): boolean {
  const method = options.method.toUpperCase();
  if (method === "GET" || method === "HEAD") return true;
  return options.url === "/graphql" && typeof options.query === "string" && !/^\s*mutation\b/.test(options.query);
}

/**
 * A failure that may go away when asked again: a 5xx, or no answer at all (Octokit reports a reset
 * connection, a DNS failure and a timeout as status 500 without a response).
 */
export function isTransient(error: unknown): boolean {
  const status = httpStatus(error);
  if (status !== undefined) return status >= 500;
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}

function responseHeaders(error: unknown): Record<string, string | number | undefined> {
  if (typeof error !== "object" || error === null || !("response" in error)) return {};
  const response = (error as { response?: { headers?: Record<string, string | number | undefined> } }).response;
  return response?.headers ?? {};
}

function isSecondaryRateLimit(error: unknown): boolean {
  return error instanceof Error && /secondary rate limit/i.test(error.message);
}

/**
 * How long GitHub asks to wait, when `error` is a rate limit: `retry-after`, else until `x-ratelimit-reset`
 * when nothing remains, else 60 s for a secondary limit (GitHub's advice); undefined for any other error.
 */
export function rateLimitWaitSeconds(error: unknown, now: number = Date.now()): number | undefined {
  const status = httpStatus(error);
  if (status !== 403 && status !== 429) return undefined;
  const headers = responseHeaders(error);
  const retryAfter = Number(headers["retry-after"]);
  if (headers["retry-after"] !== undefined && Number.isFinite(retryAfter)) return Math.max(0, Math.ceil(retryAfter));
  if (String(headers["x-ratelimit-remaining"]) === "0" && headers["x-ratelimit-reset"] !== undefined) {
    return Math.max(0, Math.ceil(Number(headers["x-ratelimit-reset"]) - now / 1000));
  }
  if (isSecondaryRateLimit(error) || status === 429) return 60;
  return undefined;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A write that must happen at most once (a review, a comment, a check run). When its answer is lost (a 5xx,
 * a reset, a timeout), it may still have happened: `find` looks for it (our marker) before it is made
 * again. Refusals (4xx) are not retried.
 */
export async function writeOnce<T>(write: () => Promise<T>, find: () => Promise<T | undefined>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!isTransient(error) || attempt >= attempts) throw error;
      const found = await find();
      if (found !== undefined) return found;
    }
  }
}

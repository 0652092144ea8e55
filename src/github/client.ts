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
  return status === undefined ? firstLine : `GitHub answered ${status}: ${firstLine}`;
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

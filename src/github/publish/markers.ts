// Hidden HTML comments that let a later run (or another replica) recognise what a run already posted
// (DESIGN.md "Decisions": markers). They are only trusted on content authored by this App.

import type { AppIdentity } from "../client.js";

export function fingerprintMarker(fingerprint: string): string {
  return `<!-- iam-review:fp=${fingerprint} -->`;
}

export function reviewMarker(headSha: string): string {
  return `<!-- iam-review:review head=${headSha} -->`;
}

const FINGERPRINT = /<!-- iam-review:fp=([A-Za-z0-9_-]+) -->/;

export function fingerprintOf(body: string | null | undefined): string | undefined {
  return body ? FINGERPRINT.exec(body)?.[1] : undefined;
}

export function hasReviewMarker(body: string | null | undefined, headSha: string): boolean {
  return body?.includes(reviewMarker(headSha)) ?? false;
}

export interface Authored {
  user?: { login?: string; type?: string } | null;
  performed_via_github_app?: { id?: number } | null;
}

/** True only for content this App wrote: a marker in someone else's comment means nothing. */
export function isOurs(item: Authored, identity: AppIdentity): boolean {
  if (identity.appId !== undefined && item.performed_via_github_app?.id === identity.appId) return true;
  return identity.botLogin !== undefined && item.user?.type === "Bot" && item.user.login === identity.botLogin;
}

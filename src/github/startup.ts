/**
 * What the server must have before it starts. In production a missing App id or key, or Probot's default
 * webhook secret ("development"), would mean an App that cannot authenticate or that accepts forged
 * webhooks: refuse to start instead.
 */
export function productionConfigurationProblems(env: NodeJS.ProcessEnv): string[] {
  if (env.NODE_ENV !== "production") return [];
  const problems: string[] = [];
  if (!env.APP_ID) problems.push("APP_ID is not set");
  if (!env.PRIVATE_KEY && !env.PRIVATE_KEY_PATH) problems.push("PRIVATE_KEY or PRIVATE_KEY_PATH is not set");
  if (!env.WEBHOOK_SECRET || env.WEBHOOK_SECRET === "development") {
    problems.push("WEBHOOK_SECRET is not set or is Probot's default: set the secret registered with the App");
  }
  return problems;
}

/**
 * Without an App, Probot serves its setup page. It would also open a smee.io channel, which needs the
 * internet; the page works without it, so only proxy when the operator asked for one.
 */
export function applySetupDefaults(env: NodeJS.ProcessEnv): void {
  if (!env.WEBHOOK_PROXY_URL && env.NO_SMEE_SETUP === undefined) env.NO_SMEE_SETUP = "true";
}

// The production start refuses to run without an App identity and a real webhook secret; setup mode stays
// offline unless a webhook proxy is configured.

import { describe, expect, it } from "vitest";
import { applySetupDefaults, productionConfigurationProblems } from "../../src/github/startup.js";

describe("startup checks", () => {
  it("refuse production without APP_ID, a private key and a non-default webhook secret", () => {
    expect(productionConfigurationProblems({ NODE_ENV: "production", WEBHOOK_SECRET: "development" })).toEqual([
      "APP_ID is not set",
      "PRIVATE_KEY or PRIVATE_KEY_PATH is not set",
      "WEBHOOK_SECRET is not set or is Probot's default: set the secret registered with the App",
    ]);
    expect(productionConfigurationProblems({ NODE_ENV: "production", APP_ID: "1", PRIVATE_KEY_PATH: "k.pem", WEBHOOK_SECRET: "s3cret" })).toEqual([]);
    expect(productionConfigurationProblems({})).toEqual([]);
  });

  it("keep the setup page offline unless a webhook proxy is set", () => {
    const env: NodeJS.ProcessEnv = {};
    applySetupDefaults(env);
    expect(env.NO_SMEE_SETUP).toBe("true");
    const proxied: NodeJS.ProcessEnv = { WEBHOOK_PROXY_URL: "https://smee.io/x" };
    applySetupDefaults(proxied);
    expect(proxied.NO_SMEE_SETUP).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { findSecrets, maskInPlace, maskSecret, maskSecrets } from "../../src/engine/secrets.js";

// AWS's documented example credentials: they look real to a scanner and grant nothing.
const KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

describe("secrets", () => {
  it.each([
    ["a provider block", `provider "aws" {\n  access_key = "${KEY_ID}"\n  secret_key = "${SECRET}"\n}`, 2],
    ["CloudFormation parameters", `AccessKey: ${KEY_ID}\nSecretAccessKey: ${SECRET}\n`, 2],
    ["an environment variable", `AWS_SECRET_ACCESS_KEY=${SECRET}\nAWS_ACCESS_KEY_ID=${KEY_ID}`, 2],
    ["a temporary key id", "ASIAY34FZKBOKMUTVV7A", 1],
  ])("finds them in %s", (_name, text, count) => {
    expect(findSecrets(text)).toHaveLength(count);
  });

  it.each([
    ["an ARN", "arn:aws:iam::123456789012:role/AKIA-looking-name"],
    ["a role id (AROA)", "AROAIOSFODNN7EXAMPLE"],
    ["a 40-character hash not named a secret", "sha = 0123456789abcdef0123456789abcdef01234567"],
  ])("does not mistake %s for a secret", (_name, text) => {
    expect(findSecrets(text)).toEqual([]);
  });

  it("masks all but the first and last four characters", () => {
    expect(maskSecret(KEY_ID)).toBe("AKIA************MPLE");
    expect(maskSecrets(`key = "${KEY_ID}"`)).toBe('key = "AKIA************MPLE"');
    expect(maskSecrets(`secret_key = "${SECRET}"`)).not.toContain(SECRET);
  });

  it("masks a known secret wherever it appears, even without its name", () => {
    expect(maskSecrets(`value: ${SECRET}`, new Set([SECRET]))).toBe(`value: ${maskSecret(SECRET)}`);
  });

  it("masks every string of a nested value and leaves the rest alone", () => {
    const masked = maskInPlace({ message: `found ${KEY_ID}`, lines: [1, 2], nested: [{ excerpt: KEY_ID }] });
    expect(JSON.stringify(masked)).not.toContain(KEY_ID);
    expect(masked.lines).toEqual([1, 2]);
  });
});

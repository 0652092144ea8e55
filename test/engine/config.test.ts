import { describe, expect, it } from "vitest";
import { DEFAULT_SENSITIVE_ACTIONS, defaultConfig, effectiveSeverity, parseConfig } from "../../src/engine/config.js";

describe("repository configuration", () => {
  it("is the defaults when there is no file", () => {
    expect(parseConfig(undefined)).toEqual({ config: defaultConfig(), problems: [] });
    expect(defaultConfig().sensitive_actions).toEqual(DEFAULT_SENSITIVE_ACTIONS);
    expect(defaultConfig()).toMatchObject({ fail_on: "error", comment_on: "new", new_suppressions: "report" });
  });

  it("reads every documented key", () => {
    const { config, problems } = parseConfig(`fail_on: warning
comment_on: all
paths: { include: ["infra/**/*.tf"], exclude: ["test/**"] }
rules:
  IAM703: off
  IAM102: { severity: error, services: [iam, kms, s3, organizations, sts] }
accounts: ["111122223333"]
sensitive_actions: [iam:*, kms:*, s3:DeleteBucket]
simulate:
  - name: developers cannot touch IAM
    principal: aws_iam_role.dev_engineer
    actions: [iam:CreateUser, iam:AttachRolePolicy]
    resources: ["*"]
    context: { aws:MultiFactorAuthPresent: "true" }
    expect: denied
aws_simulator: { enabled: true, region: eu-west-1 }
new_suppressions: block
`);
    expect(problems).toEqual([]);
    expect(config).toEqual({
      fail_on: "warning",
      comment_on: "all",
      paths: { include: ["infra/**/*.tf"], exclude: ["test/**"] },
      rules: { IAM703: { severity: "off" }, IAM102: { severity: "error", services: ["iam", "kms", "s3", "organizations", "sts"] } },
      accounts: ["111122223333"],
      sensitive_actions: ["iam:*", "kms:*", "s3:DeleteBucket"],
      simulate: [
        {
          name: "developers cannot touch IAM",
          principal: "aws_iam_role.dev_engineer",
          actions: ["iam:CreateUser", "iam:AttachRolePolicy"],
          resources: ["*"],
          context: { "aws:MultiFactorAuthPresent": "true" },
          expect: "denied",
          line: 10,
        },
      ],
      aws_simulator: { enabled: true, region: "eu-west-1" },
      new_suppressions: "block",
      scp_paths: [],
    });
    expect(effectiveSeverity(config, "IAM703", "notice")).toBe("off");
    expect(effectiveSeverity(config, "IAM101", "error")).toBe("error");
  });

  it.each([
    ["an unknown key", "fial_on: error\n", 1, /unknown key 'fial_on'/],
    ["a bad enum value", "fail_on: sometimes\n", 1, /fail_on: Invalid option/],
    ["an unknown rule id", "rules:\n  IAM101: off\n  IAMX: warning\n", 3, /rules.IAMX: unknown rule id/],
    ["a bad rule severity", "rules:\n  IAM101: loud\n", 2, /rules.IAM101: expected off, notice, warning, error/],
    ["an account id of the wrong length", "accounts:\n  - '1234'\n", 2, /accounts.0: an account id has 12 digits/],
    ["an assertion without expect", "simulate:\n  - name: x\n    principal: r\n    actions: [s3:GetObject]\n", 2, /simulate.0.expect/],
    ["invalid YAML (reported where the parser stops)", "rules: [a\n", 2, /invalid YAML/],
    ["not a mapping", "- a\n- b\n", 1, /must be a mapping/],
  ])("reports %s with its line and keeps the defaults for it", (_name, text, line, message) => {
    const { config, problems } = parseConfig(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: ".github/iam-review.yml", line });
    expect(problems[0].message).toMatch(message);
    expect(config.fail_on).toBe("error");
  });

  it("keeps the valid rule settings next to an invalid one", () => {
    const { config, problems } = parseConfig("rules:\n  IAM703: off\n  IAM999: warning\n", {
      knownRuleIds: new Set(["IAM703"]),
    });
    expect(config.rules).toEqual({ IAM703: { severity: "off" } });
    expect(problems.map((p) => p.line)).toEqual([3]);
  });

  it("refuses YAML aliases", () => {
    const { problems } = parseConfig("accounts: &a ['111122223333']\nsensitive_actions: *a\n");
    expect(problems[0].message).toMatch(/alias/i);
  });
});

// The repository configuration, `.github/iam-review.yml` (DESIGN.md "Repository configuration"). Parsed with
// `yaml` so every problem can name its line; an invalid file never silently disappears: the review runs with
// the defaults for the broken keys and reports what was wrong and where.

import { createRequire } from "node:module";
import picomatch from "picomatch";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import type * as Zod from "zod";

export type Severity = "error" | "warning" | "notice";
export type SeverityOverride = Severity | "off";
export type FailOn = Severity | "never";

export interface RuleSetting {
  severity?: SeverityOverride;
  /** IAM102: the services whose wildcards are errors (others are warnings). */
  services?: string[];
}

export interface SimulationAssertion {
  name: string;
  principal: string;
  actions: string[];
  resources: string[];
  context: Record<string, string | string[]>;
  expect: "allowed" | "denied";
  /** Line of the assertion in the configuration file, for SIM001 findings. */
  line?: number;
}

export interface Config {
  fail_on: FailOn;
  comment_on: "new" | "all" | "none";
  paths: { include: string[]; exclude: string[] };
  rules: Record<string, RuleSetting>;
  accounts: string[];
  sensitive_actions: string[];
  simulate: SimulationAssertion[];
  aws_simulator: { enabled: boolean; region: string };
  new_suppressions: "allow" | "report" | "block";
  /** Globs of standalone policy JSON files that are service control policies. */
  scp_paths: string[];
}

export interface ConfigProblem {
  path: string;
  line: number;
  message: string;
}

export const CONFIG_PATH = ".github/iam-review.yml";

/** DESIGN.md "Decisions": the default sensitive actions. */
export const DEFAULT_SENSITIVE_ACTIONS = [
  "iam:*",
  "kms:*",
  "organizations:*",
  "sts:AssumeRole",
  "iam:PassRole",
  "s3:DeleteBucket",
  "s3:PutBucketPolicy",
  "s3:DeleteObject",
  "s3:GetObject",
  "ec2:DeleteSnapshot",
  "ec2:TerminateInstances",
  "cloudtrail:StopLogging",
  "cloudtrail:DeleteTrail",
  "secretsmanager:GetSecretValue",
  "lambda:UpdateFunctionCode",
];

export function defaultConfig(): Config {
  return {
    fail_on: "error",
    comment_on: "new",
    paths: { include: ["**/*.tf", "**/*.{yml,yaml,json,template}"], exclude: [] },
    rules: {},
    accounts: [],
    sensitive_actions: [...DEFAULT_SENSITIVE_ACTIONS],
    simulate: [],
    aws_simulator: { enabled: false, region: "us-east-1" },
    new_suppressions: "report",
    scp_paths: [],
  };
}

/** The schemas of the configuration keys, built on first use. */
type ConfigSchemas = ReturnType<typeof buildSchemas>;
let schemas: ConfigSchemas | undefined;

// zod takes about 50 ms to load and most scans read no configuration file: it is loaded when one is read.
function configSchemas(): ConfigSchemas {
  schemas ??= buildSchemas((createRequire(import.meta.url)("zod") as typeof Zod).z);
  return schemas;
}

function buildSchemas(z: typeof Zod.z) {
  const severityOverride = z.enum(["off", "notice", "warning", "error"]);
  const stringList = z.array(z.string().min(1));
  const ruleSetting = z.union([
    severityOverride,
    z.object({ severity: severityOverride.optional(), services: stringList.optional() }).strict(),
  ]);

  // Each top-level key is validated on its own, so one bad key falls back to its default and the rest stay.
  const keySchemas: { [K in keyof Config]: Zod.ZodType<unknown> } = {
    fail_on: z.enum(["error", "warning", "notice", "never"]),
    comment_on: z.enum(["new", "all", "none"]),
    paths: z.object({ include: stringList.optional(), exclude: stringList.optional() }).strict(),
    rules: z.record(z.string(), z.unknown()),
    accounts: z.array(
      z.union([z.string(), z.number()]).transform(String).pipe(z.string().regex(/^\d{12}$/, "an account id has 12 digits")),
    ),
    sensitive_actions: z.array(z.string().regex(/^[\w*?-]+:[\w*?-]+$|^\*$/, "an action looks like service:Action")),
    simulate: z.array(
      z
        .object({
          name: z.string().min(1),
          principal: z.string().min(1),
          actions: z.union([z.string(), stringList]),
          resources: z.union([z.string(), stringList]).optional(),
          context: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])).optional(),
          expect: z.enum(["allowed", "denied"]),
        })
        .strict(),
    ),
    aws_simulator: z.object({ enabled: z.boolean().optional(), region: z.string().optional() }).strict(),
    new_suppressions: z.enum(["allow", "report", "block"]),
    scp_paths: stringList,
  };
  return { keySchemas, ruleSetting };
}

/**
 * Reads a configuration file. Returns the configuration to use (defaults where the file is silent or wrong)
 * and the problems, each with its line. `text === undefined` means there is no file: defaults, no problems.
 */
export function parseConfig(
  text: string | undefined,
  options: { path?: string; knownRuleIds?: ReadonlySet<string> } = {},
): { config: Config; problems: ConfigProblem[] } {
  const path = options.path ?? CONFIG_PATH;
  const config = defaultConfig();
  if (text === undefined || text.trim() === "") return { config, problems: [] };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const lineOf = (node: YamlNode | null | undefined) => (node?.range ? lineCounter.linePos(node.range[0]).line : 1);
  const problems: ConfigProblem[] = [];
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      problems.push({ path, line: lineCounter.linePos(error.pos[0]).line, message: `invalid YAML: ${firstLine(error.message)}` });
    }
    return { config, problems };
  }
  let plain: unknown;
  try {
    plain = doc.toJS({ maxAliasCount: 0 });
  } catch (error) {
    return { config, problems: [{ path, line: 1, message: `invalid configuration: ${(error as Error).message}` }] };
  }
  if (plain === null || plain === undefined) return { config, problems };
  if (typeof plain !== "object" || Array.isArray(plain) || !isMap(doc.contents)) {
    return { config, problems: [{ path, line: lineOf(doc.contents), message: "the configuration must be a mapping of keys" }] };
  }
  const { keySchemas } = configSchemas();
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const keyLine = lineOf(pair.key as YamlNode);
    if (!(key in keySchemas)) {
      const known = Object.keys(keySchemas).join(", ");
      problems.push({ path, line: keyLine, message: `unknown key '${key}' (known keys: ${known})` });
      continue;
    }
    const name = key as keyof Config;
    const value = (plain as Record<string, unknown>)[key];
    const parsed = keySchemas[name].safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const issuePath = [key, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))];
        const node = nearestNode(doc, issuePath);
        const where = issuePath.map(String).join(".");
        problems.push({ path, line: node ? lineOf(node) : keyLine, message: `${where}: ${issue.message}` });
      }
      continue;
    }
    if (name === "rules") {
      problems.push(...applyRules(config, parsed.data as Record<string, unknown>, options.knownRuleIds, (id) => {
        const node = doc.getIn(["rules", id], true);
        return { path, line: isNode(node) ? lineOf(node) : keyLine };
      }));
      continue;
    }
    applyKey(config, name, parsed.data, doc, lineOf);
  }
  return { config, problems };
}

// Rule settings are checked one by one: a misspelt rule id must not throw away the settings next to it.
function applyRules(
  config: Config,
  rules: Record<string, unknown>,
  knownRuleIds: ReadonlySet<string> | undefined,
  where: (id: string) => { path: string; line: number },
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [id, setting] of Object.entries(rules)) {
    const known = knownRuleIds ? knownRuleIds.has(id) : /^(IAM|SIM)\d{3}$/.test(id);
    if (!known) {
      problems.push({ ...where(id), message: `rules.${id}: unknown rule id (rule ids look like IAM101 or SIM001)` });
      continue;
    }
    const parsed = configSchemas().ruleSetting.safeParse(setting);
    if (!parsed.success) {
      const detail = parsed.error.issues[0]?.message ?? "invalid";
      problems.push({ ...where(id), message: `rules.${id}: expected off, notice, warning, error or { severity, services } (${detail})` });
      continue;
    }
    config.rules[id] = typeof parsed.data === "string" ? { severity: parsed.data } : parsed.data;
  }
  return problems;
}

/** The node at `path`, or the deepest ancestor that exists (a missing key is reported on its parent). */
function nearestNode(doc: ReturnType<typeof parseDocument>, path: (string | number)[]): YamlNode | undefined {
  for (let length = path.length; length > 0; length--) {
    const node = doc.getIn(path.slice(0, length), true);
    if (isNode(node)) return node;
  }
  return undefined;
}

function isNode(value: unknown): value is YamlNode {
  return isScalar(value) || isMap(value) || isSeq(value);
}

function firstLine(message: string): string {
  return message.split("\n")[0];
}

function asList(value: string | string[] | undefined, fallback: string[]): string[] {
  if (value === undefined) return fallback;
  return typeof value === "string" ? [value] : value;
}

function applyKey(
  config: Config,
  key: keyof Config,
  value: unknown,
  doc: ReturnType<typeof parseDocument>,
  lineOf: (node: YamlNode | null | undefined) => number,
): void {
  switch (key) {
    case "paths": {
      const paths = value as { include?: string[]; exclude?: string[] };
      config.paths = { include: paths.include ?? config.paths.include, exclude: paths.exclude ?? config.paths.exclude };
      return;
    }
    case "aws_simulator": {
      const aws = value as { enabled?: boolean; region?: string };
      config.aws_simulator = { enabled: aws.enabled ?? false, region: aws.region ?? "us-east-1" };
      return;
    }
    case "simulate": {
      type RawAssertion = {
        name: string;
        principal: string;
        actions: string | string[];
        resources?: string | string[];
        context?: Record<string, string | number | boolean | string[]>;
        expect: "allowed" | "denied";
      };
      config.simulate = (value as RawAssertion[]).map((raw, index) => ({
        name: raw.name,
        principal: raw.principal,
        actions: asList(raw.actions, []),
        resources: asList(raw.resources, ["*"]),
        context: Object.fromEntries(
          Object.entries(raw.context ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v : String(v)]),
        ),
        expect: raw.expect,
        line: lineOf(doc.getIn(["simulate", index], true) as YamlNode),
      }));
      return;
    }
    default:
      // The remaining keys are plain values whose schema already has the final shape.
      (config as unknown as Record<string, unknown>)[key] = value;
  }
}

/** The severity a finding of `ruleId` gets: the configured override, else the rule's default. */
export function effectiveSeverity(config: Config, ruleId: string, defaultSeverity: Severity): SeverityOverride {
  return config.rules[ruleId]?.severity ?? defaultSeverity;
}

/** The configuration's `paths`: does a repository path belong to the review? (`dot` so `.github/…` matches.) */
/** The files `scp_paths` declares service control policies (paths relative to the repository root). */
export function scpMatcher(config: Config): ((path: string) => boolean) | undefined {
  return config.scp_paths.length > 0 ? picomatch(config.scp_paths, { dot: true }) : undefined;
}

export function pathMatcher(config: Config): (path: string) => boolean {
  const include = picomatch(config.paths.include, { dot: true });
  const exclude = config.paths.exclude.length > 0 ? picomatch(config.paths.exclude, { dot: true }) : () => false;
  return (path) => include(path) && !exclude(path);
}

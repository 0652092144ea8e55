// Scaling: how the time and memory of a scan grow with the size of a file (1k → 100k lines of Terraform) and
// with the number of policies in a CloudFormation template. Each point runs the real CLI in a child process.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { measure } from "./measure.js";

/** The command line's start-up: the median wall time of `iam-review --version`, which reads no input. */
export function benchStartup(repo: string, cli: string[]): number {
  const runs = Array.from({ length: 5 }, () => measure([...cli, "--version"], { cwd: repo }).seconds).sort((a, b) => a - b);
  return runs[2];
}

export interface ScalingPoint {
  series: "terraform lines" | "cloudformation policies";
  size: number;
  policies: number;
  seconds: number;
  peakMegabytes: number;
}

function terraformPolicy(index: number): string {
  return `resource "aws_iam_policy" "p${index}" {
  name        = "p${index}"
  description = "synthetic policy ${index}"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "Read${index}"
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:ListBucket"]
      Resource = ["arn:aws:s3:::bucket-${index}", "arn:aws:s3:::bucket-${index}/*"]
      Condition = { StringEquals = { "aws:PrincipalTag/team" = "t${index % 7}" } }
    }]
  })
}
`;
}

function cloudFormationPolicy(index: number): string {
  return `  Policy${index}:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Description: synthetic policy ${index}
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: Read${index}
            Effect: Allow
            Action: [s3:GetObject, s3:ListBucket]
            Resource: [!Sub "arn:\${AWS::Partition}:s3:::bucket-${index}", !Sub "arn:\${AWS::Partition}:s3:::bucket-${index}/*"]
`;
}

const LINES_PER_TERRAFORM_POLICY = terraformPolicy(0).split("\n").length - 1;

export function benchScaling(repo: string, options: { smoke: boolean; cli?: string[] }): ScalingPoint[] {
  const cli = options.cli ?? ["node", "bin/iam-review.js"];
  const dir = mkdtempSync(join(tmpdir(), "iam-review-scaling-"));
  const points: ScalingPoint[] = [];
  try {
    // Terraform files over 1 MB (about 28,000 lines of these policies) are refused before parsing: the HCL
    // parser's WebAssembly memory grows with the input and never shrinks (src/iac/terraform/index.ts).
    const lineSizes = options.smoke ? [1_000] : [1_000, 2_500, 5_000, 10_000, 20_000, 27_000];
    for (const lines of lineSizes) {
      const count = Math.round(lines / LINES_PER_TERRAFORM_POLICY);
      const file = join(mkdir(join(dir, `tf-${lines}`)), "main.tf");
      writeFileSync(file, Array.from({ length: count }, (_, i) => terraformPolicy(i)).join("\n"));
      points.push({ series: "terraform lines", size: lines, policies: count, ...run(repo, cli, file) });
    }
    // 12 lines each: up to about 100,000 lines of CloudFormation YAML (within the 5 MB limit).
    const policyCounts = options.smoke ? [10] : [100, 500, 1_000, 2_000, 4_000, 8_000];
    for (const count of policyCounts) {
      const file = join(dir, `cfn-${count}.yaml`);
      writeFileSync(file, `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${Array.from({ length: count }, (_, i) => cloudFormationPolicy(i)).join("")}`);
      points.push({ series: "cloudformation policies", size: count, policies: count, ...run(repo, cli, file) });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return points;
}

function mkdir(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}

function run(repo: string, cli: string[], file: string): { seconds: number; peakMegabytes: number } {
  const { seconds, peakMegabytes, exitCode, stdout } = measure([...cli, "scan", file, "--format", "json", "--fail-on", "never"], { cwd: repo });
  if (exitCode !== 0) throw new Error(`scan of ${file} failed (${exitCode})`);
  const policies = (JSON.parse(stdout) as { policies: unknown[] }).policies.length;
  if (policies === 0) throw new Error(`scan of ${file} found no policies`);
  return { seconds, peakMegabytes };
}

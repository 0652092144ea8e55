// The repository configuration, read from the pull request's base commit (never the head: a pull request
// cannot weaken its own review), else from the organisation's `.github` repository, else the defaults.
// Read raw and parsed by the engine, so every problem keeps its line (DESIGN.md "Repository configuration").

import { CONFIG_PATH, parseConfig, type Config, type ConfigProblem } from "../engine/config.js";
import { configurableRuleIds } from "../rules/index.js";
import { isNotFound, type GitHub } from "./client.js";

export interface LoadedConfig {
  config: Config;
  problems: ConfigProblem[];
  /** Where it came from: problems are annotated on the file only when it is in the reviewed repository. */
  source: "repository" | "organisation" | "defaults";
}

export async function loadConfig(gh: GitHub, target: { owner: string; repo: string; baseSha: string }): Promise<LoadedConfig> {
  const knownRuleIds = configurableRuleIds();
  const own = await readText(gh, { owner: target.owner, repo: target.repo, path: CONFIG_PATH, ref: target.baseSha });
  if (own !== undefined) return { ...parseConfig(own, { path: CONFIG_PATH, knownRuleIds }), source: "repository" };
  if (target.repo !== ".github") {
    // Probot's convention: the organisation-wide copy lives in the `.github` repository's own `.github/`.
    const shared = await readText(gh, { owner: target.owner, repo: ".github", path: CONFIG_PATH });
    if (shared !== undefined) {
      const parsed = parseConfig(shared, { path: `${target.owner}/.github/${CONFIG_PATH}`, knownRuleIds });
      return { ...parsed, source: "organisation" };
    }
  }
  return { ...parseConfig(undefined), source: "defaults" };
}

/** A file's text at `ref` (default branch when absent); undefined when it does not exist. */
export async function readText(
  gh: GitHub,
  file: { owner: string; repo: string; path: string; ref?: string },
): Promise<string | undefined> {
  try {
    const response = await gh.rest.repos.getContent({ ...file, mediaType: { format: "raw" } });
    return rawText(response.data);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** With the raw media type GitHub sends the bytes; Octokit hands them over as text or as an ArrayBuffer. */
export function rawBytes(data: unknown): Uint8Array | undefined {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}

function rawText(data: unknown): string | undefined {
  const bytes = rawBytes(data);
  return bytes === undefined ? undefined : Buffer.from(bytes).toString("utf8");
}

// Paths given to file() and templatefile(): resolved inside the module directory, never outside the scan root.

export type ResolvedPath = { ok: true; path: string } | { ok: false; message: string };

/**
 * The scan-root-relative path of `written`, a path Terraform resolves from the module directory
 * (`${path.module}` evaluates to `.`). Absolute paths and paths that climb above the scan root are refused
 * before anything is read.
 */
export function resolveModulePath(dir: string, written: string): ResolvedPath {
  const normalised = written.replace(/\\/g, "/");
  if (normalised.startsWith("/") || normalised.startsWith("~") || /^[A-Za-z]:/.test(normalised)) {
    return { ok: false, message: `absolute path "${written}" is outside the scan root: not read` };
  }
  const segments: string[] = [];
  for (const segment of [...dir.split("/"), ...normalised.split("/")]) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (segments.length === 0) return { ok: false, message: `path "${written}" escapes the scan root: not read` };
      segments.pop();
    } else segments.push(segment);
  }
  return { ok: true, path: segments.join("/") };
}

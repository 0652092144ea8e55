// The real server process (`src/main.ts`, as `npm start` runs it, through tsx so CI needs no build), talking
// to a fake GitHub Enterprise Server on 127.0.0.1, driven by signed webhooks. Its stdout and stderr (Probot's
// logs) are kept for tests that read them.

import { spawn, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { privateKey } from "./probot.js";

const root = join(import.meta.dirname, "../../..");

export interface AppServer {
  url: string;
  /** Everything the process wrote so far. */
  output(): string;
  deliver(name: string, payload: unknown, options?: { id?: string; signature?: string | null }): Promise<Response>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export async function startAppServer(options: { githubHost: string; secret: string; logLevel?: "trace" | "debug" | "info" | "warn"; env?: Record<string, string> }): Promise<AppServer> {
  const tempDir = mkdtempSync(join(tmpdir(), "iam-review-server-"));
  const keyPath = join(tempDir, "app.pem");
  writeFileSync(keyPath, privateKey);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "test",
      APP_ID: "123",
      PRIVATE_KEY_PATH: keyPath,
      WEBHOOK_SECRET: options.secret,
      GHE_HOST: options.githubHost,
      GHE_PROTOCOL: "http",
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: options.logLevel ?? "warn",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(tempDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 25_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/ping`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  let delivery = 0;
  return {
    url,
    output: () => output,
    deliver(name, payload, deliverOptions = {}) {
      const body = JSON.stringify(payload);
      const signature =
        deliverOptions.signature === undefined ? `sha256=${createHmac("sha256", options.secret).update(body).digest("hex")}` : deliverOptions.signature;
      return fetch(`${url}/api/github/webhooks`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": name,
          "x-github-delivery": deliverOptions.id ?? `server-${port}-${++delivery}`,
          ...(signature === null ? {} : { "x-hub-signature-256": signature }),
        },
        body,
      });
    },
    stop,
  };
}

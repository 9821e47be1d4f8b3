// Latchkey's production server (scripts/server.mjs on the production build) as a child process
// on a free loopback port, for tests that must stop its database or kill it outright.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { MAX_TEST_CLOCK_ADVANCE_MS } from "../../scripts/lib/test-clock.mjs";
import { freeLoopbackPort } from "./free-port";

const ROOT = path.resolve(import.meta.dirname, "../..");
const START_TIMEOUT_MS = 60_000;
/** The server's AUTH_SECRET, for tests that seal a session cookie it accepts. */
export const SERVER_AUTH_SECRET = "fault-test-secret-0123456789abcdef0123";

export type LatchkeyServer = {
  origin: string;
  /** The server's output so far, for a failure message. */
  output: () => string;
  /** Sends `signal` and waits for the process to end. */
  stop: (signal?: NodeJS.Signals) => Promise<void>;
};

/** The production build's folder; throws saying how to make it when there is none. */
export function productionBuildDir(): string {
  const distDir = path.join(ROOT, process.env.NEXT_DIST_DIR || ".next");
  if (!existsSync(path.join(distDir, "BUILD_ID"))) {
    throw new Error(`These tests run Latchkey's production server and found no build in ${distDir}: run \`npm run build\` first (npm test builds before the suites).`);
  }
  return distDir;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** Starts the server on `databaseUrl` (migrated already) and resolves once it answers; `env` adds to its environment (SMTP_URL, LATCHKEY_TEST_CLOCK). */
export async function startLatchkeyServer(databaseUrl: string, { port, env = {} }: { port?: number; env?: Record<string, string> } = {}): Promise<LatchkeyServer> {
  productionBuildDir();
  const listenPort = port ?? (await freeLoopbackPort());
  const origin = `http://localhost:${listenPort}`;
  let output = "";
  const child = spawn(process.execPath, [path.join(ROOT, "scripts", "server.mjs")], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH,
      NEXT_DIST_DIR: process.env.NEXT_DIST_DIR,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      APP_URL: origin,
      PORT: String(listenPort),
      HOST: "127.0.0.1",
      AUTH_SECRET: SERVER_AUTH_SECRET,
      ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
      PASSWORD_POLICY: "classic",
      // Requests say which client they are for, so per-address limits don't pile up on one address.
      TRUST_PROXY: "loopback",
      RATE_LIMIT_SCALE: "1000",
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "warn",
      // The server's test clock starts at this process's time (scripts/lib/test-clock.mjs).
      ...(env.LATCHKEY_TEST_CLOCK === "true" ? { LATCHKEY_TEST_CLOCK_START_MS: String(Date.now()) } : {}),
      ...env,
    },
  });
  // A test that times out must not leave its server running after the test process ends.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  child.once("exit", () => process.removeListener("exit", killOnExit));
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Latchkey's server exited with ${child.exitCode} while starting:\n${output}`);
    const answered = await fetch(`${origin}/login`, { redirect: "manual" }).then(
      (response) => response.status < 500,
      () => false,
    );
    if (answered) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`Latchkey's server did not answer within ${START_TIMEOUT_MS / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (env.LATCHKEY_TEST_CLOCK === "true") await catchUpWithThisProcess(origin);
  return {
    origin,
    output: () => output,
    stop: async (signal = "SIGTERM") => {
      child.kill(signal);
      await exited(child);
    },
  };
}

/**
 * A server with the test clock starts at this process's time, which may be days ahead of the
 * real one (earlier test files moved it). Should this process's clock have moved while the
 * server started, the server's is moved after it, so what one signs or stamps the other reads
 * as now.
 */
async function catchUpWithThisProcess(origin: string): Promise<void> {
  let { now } = (await (await fetch(`${origin}/__test__/clock`)).json()) as { now: number };
  // The clock moves at most a day per request.
  for (let behindMs = Math.floor(Date.now() - now); behindMs > 0; behindMs = Math.floor(Date.now() - now)) {
    const moved = await fetch(`${origin}/__test__/clock`, { method: "POST", body: JSON.stringify({ advanceMs: Math.min(behindMs, MAX_TEST_CLOCK_ADVANCE_MS) }) });
    if (!moved.ok) throw new Error(`Could not move the server's test clock: ${await moved.text()}`);
    ({ now } = (await moved.json()) as { now: number });
  }
}

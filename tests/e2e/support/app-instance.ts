// Another Latchkey server beside the suite's: scripts/server.mjs on the same build (NEXT_DIST_DIR
// is inherited), with the environment a spec gives it, on a loopback port of its own.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../../..");

export type AppInstance = {
  baseURL: string;
  /** Everything it printed so far, each JSON log line as its message (readableLog). */
  output: () => string;
  /** Everything it printed so far, as printed. */
  rawOutput: () => string;
  /** The child process, for signals and its exit. */
  child: ChildProcess;
  stop: () => Promise<void>;
};

/** The server logs JSON lines (lib/operations/logger.mjs): each one's message, other lines as they are. */
export function readableLog(printed: string): string {
  return printed
    .split("\n")
    .map((line) => {
      try {
        const entry = JSON.parse(line) as { msg?: unknown };
        return typeof entry.msg === "string" ? entry.msg : line;
      } catch {
        return line;
      }
    })
    .join("\n");
}

type Env = Record<string, string | undefined>;

function startServer(env: Env): { child: ChildProcess; output: () => string; rawOutput: () => string } {
  const child = spawn(process.execPath, [path.join(ROOT, "scripts", "server.mjs")], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...({ NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" } as Env), ...env },
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  return { child, output: () => readableLog(output), rawOutput: () => output };
}

/** Starts a server on `port` and waits (up to 90 s) until /login answers. */
export async function startAppInstance(port: number, env: Env): Promise<AppInstance> {
  const baseURL = `http://localhost:${port}`;
  const { child, output, rawOutput } = startServer({ APP_URL: baseURL, PORT: String(port), ...env });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server on ${baseURL} exited (${child.exitCode}):\n${output()}`);
    // scripts/server.mjs listens only once Next.js is ready, so any answer will do (an instance
    // whose APP_URL names another host answers 421 here).
    if (
      await fetch(`${baseURL}/login`).then(
        () => true,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not start on ${baseURL}:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { baseURL, output, rawOutput, child, stop };
}

/** Runs a server that is expected to refuse to start: its exit code and what it printed. */
export async function runRefusedAppInstance(env: Env): Promise<{ exitCode: number | null; output: string }> {
  const { child, output } = startServer(env);
  // Had it started after all, it would serve until stopped: stop it, the exit code tells.
  child.stdout!.on("data", () => {
    if (output().includes("latchkey: listening")) child.kill("SIGTERM");
  });
  const timer = setTimeout(() => child.kill("SIGTERM"), 60_000);
  const exitCode = await new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  clearTimeout(timer);
  return { exitCode, output: output() };
}

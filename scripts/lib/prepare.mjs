// Steps shared by `npm start` and `npm test`: install what is missing and build when the
// sources changed. Only Node built-ins here: this runs before dependencies exist.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");

/** pino's numbers for the levels the launcher uses. */
const LEVELS = { info: 30, error: 50 };
let jsonLines = false;

/**
 * From now on the launcher's own lines, and what the steps it runs print, are JSON lines as
 * the server's log writes them (pino's shape), unless stdout is a terminal: `npm start`'s
 * output is then one stream a log system reads.
 */
export function logAsJson() {
  jsonLines = !process.stdout.isTTY;
}

/** One line of the launcher's, as text or as a JSON log line (`fields` name where it came from). */
export function say(message, { level = "info", ...fields } = {}) {
  if (!jsonLines) {
    (level === "error" ? console.error : console.log)(`latchkey: ${message}`);
    return;
  }
  process.stdout.write(`${JSON.stringify({ level: LEVELS[level], time: Date.now(), pid: process.pid, ...fields, msg: message })}\n`);
}

/**
 * Runs one step and exits when it fails. With logAsJson, what the step prints becomes JSON
 * log lines, except with `stdio: "inherit"` (the server, whose log is JSON already).
 */
export function run(command, args, options = {}) {
  const step = `${path.basename(command)} ${args.join(" ")}`;
  // A step's output is read whole when it ends: a few hundred lines at most (an install, a build).
  const capture = jsonLines && options.stdio !== "inherit";
  const stdio = options.stdio ?? "inherit";
  const result = spawnSync(command, args, {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
    ...options,
    stdio: capture ? ["ignore", ...[1, 2].map((fd) => (Array.isArray(stdio) && stdio[fd] === "ignore" ? "ignore" : "pipe"))] : stdio,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...options.env },
  });
  if (capture) {
    for (const stream of ["stdout", "stderr"]) {
      for (const line of String(result[stream] ?? "").split(/\r?\n/)) if (line.trim()) say(line.trimEnd(), { step, stream });
    }
  }
  if (result.status !== 0) {
    say(`"${step}" failed`, { level: "error" });
    process.exit(result.status ?? 1);
  }
}

/**
 * Installs when node_modules is missing or older than package-lock.json. `npm install`
 * rather than `npm ci`: npm 11.19 writes lock files without other platforms' optional
 * packages and then refuses them in `npm ci`; every version is pinned in package.json and
 * package-lock.json either way.
 */
export function ensureDependencies() {
  const installed = path.join(ROOT, "node_modules", ".package-lock.json");
  const lock = path.join(ROOT, "package-lock.json");
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) {
    if (!existsSync(path.join(ROOT, "lib", "db", "generated", "sqlite"))) run("node", ["scripts/db/generate.mjs"]);
    return;
  }
  say("installing dependencies…");
  run("npm", ["install", "--no-audit", "--no-fund"]);
}

const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "rest-api",
  "scripts/build-rest-api.mjs",
  "public",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
  "prisma/models.prisma",
];
// next.config.ts reads NEXT_DIST_DIR too: each build directory keeps its own stamp.
const DIST_DIR = path.join(ROOT, process.env.NEXT_DIST_DIR || ".next");
const STAMP = path.join(DIST_DIR, "latchkey-build-stamp");

function fingerprint() {
  const hash = createHash("sha256");
  const visit = (entry) => {
    const full = path.join(ROOT, entry);
    if (!existsSync(full)) return;
    const stat = statSync(full);
    if (stat.isDirectory()) {
      for (const child of readdirSync(full).sort()) if (child !== "generated") visit(path.join(entry, child));
    } else {
      hash.update(entry).update(readFileSync(full));
    }
  };
  BUILD_INPUTS.forEach(visit);
  return hash.digest("hex");
}

/** `next build` unless the last build was made from the same sources. */
export function ensureBuild() {
  const current = fingerprint();
  if (existsSync(path.join(DIST_DIR, "BUILD_ID")) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === current) return;
  say("building…");
  run(path.join(ROOT, "node_modules", ".bin", "next"), ["build"]);
  // The REST API bundle (rest-api/, served by scripts/server.mjs) goes beside it.
  run("node", ["scripts/build-rest-api.mjs"]);
  writeFileSync(STAMP, current);
}

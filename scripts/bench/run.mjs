// npm run bench: measures what the issue notes quote, on a production build with a fresh
// SQLite database, and writes the figures to bench/results.json; then the security log with
// 1,000,000 rows on PostgreSQL (bench/security-log.json); then /api/v1 under load on SQLite and
// PostgreSQL (scripts/bench/api.mjs, bench/api.json); the settings pages under load before it
// (scripts/bench/pages.mjs, bench/pages.json); notifications through the webhook queue after it
// (scripts/bench/notifications.mjs, bench/notifications.json). `npm run bench -- api`, `-- pages`
// or `-- notifications` runs only that part.
//   first-load JavaScript of each page (what a browser downloads before the page works),
//   raw and gzip-compressed; and server response times of sign-in and of a settings page.
// `npm run bench -- soak [--duration 10m] [--rate 20] [--warmup 2m]` runs the soak run
// (scripts/bench/soak.mjs, bench/soak.json), which the whole bench leaves out.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { ROOT, ensureBuild, ensureDependencies } from "../lib/prepare.mjs";
import { migrate } from "../db/migrate.mjs";
import { SETTINGS_PAGES } from "./harness.mjs";

const PORT = 3300;
const BASE = `http://localhost:${PORT}`;
const PAGES = ["/login", "/signup", ...SETTINGS_PAGES];
// The baseline every timing is divided by: a bare Node HTTP server answering a small HTML page,
// in its own process, measured in the same loop (the machine is shared and noisy).
const BARE_PORT = PORT + 1;
const BARE_SERVER = `require("node:http").createServer((request, response) => { response.setHeader("content-type", "text/html"); response.end("<!doctype html><title>Bare</title><form><label>Email <input name=email></label><button>Save</button></form>"); }).listen(${BARE_PORT}, "127.0.0.1");`;
const SAMPLES = 30;

/** The API part, in a process of its own (it starts its own servers). */
function benchApi() {
  return spawnSync(process.execPath, [path.join(ROOT, "scripts", "bench", "api.mjs")], { cwd: ROOT, stdio: "inherit" }).status ?? 1;
}
/** The settings pages under load, likewise in a process of its own. */
function benchPages() {
  return spawnSync(process.execPath, [path.join(ROOT, "scripts", "bench", "pages.mjs")], { cwd: ROOT, stdio: "inherit" }).status ?? 1;
}
/** Notifications through the API and the webhook queue, likewise. */
function benchNotifications() {
  return spawnSync(process.execPath, [path.join(ROOT, "scripts", "bench", "notifications.mjs")], { cwd: ROOT, stdio: "inherit" }).status ?? 1;
}
/** The soak run (two instances, PostgreSQL and Redis, 10 minutes by default), only when asked for: its options follow "soak". */
function benchSoak(options) {
  return spawnSync(process.execPath, [path.join(ROOT, "scripts", "bench", "soak.mjs"), ...options], { cwd: ROOT, stdio: "inherit" }).status ?? 1;
}

if (process.argv[2] === "api") process.exit(benchApi());
if (process.argv[2] === "pages") process.exit(benchPages());
if (process.argv[2] === "notifications") process.exit(benchNotifications());
if (process.argv[2] === "soak") process.exit(benchSoak(process.argv.slice(3)));

ensureDependencies();
ensureBuild();
const dir = mkdtempSync(path.join(os.tmpdir(), "latchkey-bench-"));
const databaseUrl = `file:${path.join(dir, "bench.db")}`;
migrate(databaseUrl, { quiet: true });
const bare = spawn(process.execPath, ["-e", BARE_SERVER], { stdio: "ignore" });
const server = spawn(process.execPath, ["scripts/server.mjs"], {
  cwd: ROOT,
  stdio: "ignore",
  env: {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(PORT),
    APP_URL: BASE,
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: "bench-secret-0123456789abcdef0123456789",
    ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
  },
});

async function waitForServer() {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      if ((await fetch(`${BASE}/login`)).ok) return;
    } catch {
      // Not listening yet: try again.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("the server did not start");
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

try {
  await waitForServer();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  const password = "Bench-Horse-9-latchkey";
  await page.goto(`${BASE}/signup`, { waitUntil: "networkidle" });
  await page.getByLabel("First name").fill("Bench");
  await page.getByLabel("Last name").fill("Mark");
  await page.getByLabel("Email").fill("bench@example.com");
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Confirm password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL("**/settings/profile");
  // The members page at size: 1,000 members and 1,000 pending invitations in the bench organization.
  const seeded = spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), ["--conditions=react-server", "scripts/bench/members-seed.ts"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: databaseUrl, BENCH_OWNER_EMAIL: "bench@example.com" },
  });
  if (seeded.status !== 0) throw new Error("seeding the members page failed");

  const firstLoad = {};
  for (const pathname of PAGES) {
    // A fresh, signed-in page with an empty cache: every script counts once.
    const measured = pathname.startsWith("/settings") ? await context.newPage() : await (await browser.newContext()).newPage();
    const scripts = new Map();
    measured.on("response", async (response) => {
      if (response.request().resourceType() !== "script") return;
      const body = await response.body().catch(() => null);
      if (body) scripts.set(response.url(), body);
    });
    await measured.goto(`${BASE}${pathname}`, { waitUntil: "networkidle" });
    const bodies = [...scripts.values()];
    firstLoad[pathname] = {
      files: bodies.length,
      rawKiB: +(bodies.reduce((sum, body) => sum + body.length, 0) / 1024).toFixed(1),
      gzipKiB: +(bodies.reduce((sum, body) => sum + gzipSync(body).length, 0) / 1024).toFixed(1),
    };
    await measured.close();
  }

  const cookie = (await context.cookies()).map((entry) => `${entry.name}=${entry.value}`).join("; ");
  const timings = { bareNodeMs: [], settingsPageMs: [], signInPageMs: [], membersPage1000Ms: [], membersSearch1000Ms: [] };
  for (let sample = 0; sample < SAMPLES; sample += 1) {
    let started = performance.now();
    await (await fetch(`http://127.0.0.1:${BARE_PORT}/`)).text();
    timings.bareNodeMs.push(performance.now() - started);
    started = performance.now();
    await (await fetch(`${BASE}/settings/profile`, { headers: { cookie } })).text();
    timings.settingsPageMs.push(performance.now() - started);
    started = performance.now();
    await (await fetch(`${BASE}/login`)).text();
    timings.signInPageMs.push(performance.now() - started);
    started = performance.now();
    await (await fetch(`${BASE}/settings/organization/members`, { headers: { cookie } })).text();
    timings.membersPage1000Ms.push(performance.now() - started);
    started = performance.now();
    await (await fetch(`${BASE}/settings/organization/members?q=member99`, { headers: { cookie } })).text();
    timings.membersSearch1000Ms.push(performance.now() - started);
  }
  await browser.close();

  const results = {
    measuredAt: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}`,
    firstLoadJavaScript: firstLoad,
    serverResponse: Object.fromEntries(
      Object.entries(timings).map(([name, values]) => [
        name,
        {
          p50: +percentile(values, 50).toFixed(1),
          p95: +percentile(values, 95).toFixed(1),
          samples: values.length,
          // How many times the bare Node answer it takes, at the same percentile.
          p50VsBare: +(percentile(values, 50) / percentile(timings.bareNodeMs, 50)).toFixed(1),
          p95VsBare: +(percentile(values, 95) / percentile(timings.bareNodeMs, 95)).toFixed(1),
        },
      ]),
    ),
  };
  writeFileSync(path.join(ROOT, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
} finally {
  server.kill();
  bare.kill();
}

// The security log at 1,000,000 rows needs PostgreSQL (BENCH_POSTGRES_URL, default local).
const postgresUrl = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/latchkey_bench";
const pgClient = new (await import("pg")).default.Client({ connectionString: new URL("/postgres", postgresUrl).toString() });
const postgresAnswers = await pgClient.connect().then(
  () => true,
  () => false,
);
if (postgresAnswers) {
  await pgClient.end();
  const run = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), ["--conditions=react-server", "scripts/bench/security-log.ts"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, BENCH_POSTGRES_URL: postgresUrl },
  });
  await new Promise((resolve) => run.on("exit", resolve));
} else {
  console.log(`PostgreSQL does not answer at ${postgresUrl}: security-log benchmark not run.`);
}
process.exitCode = benchPages() || benchApi() || benchNotifications();

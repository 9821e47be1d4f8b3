// npm run bench -- api (also the last part of `npm run bench`): /api/v1 under load, as a host
// product calls it, on a production build served by scripts/server.mjs (what `npm start` runs),
// on SQLite and on PostgreSQL. autocannon, 50 connections for 30 s (BENCH_SECONDS shortens it),
// one keep-alive request at a time per connection, loopback, each measurement in a process of
// its own (scripts/bench/load.mjs). Beside the API, in the same run and with the same settings,
// two baselines: a bare Node HTTP handler and a bare Next.js route handler (app/api/bench-bare,
// which answers only when LATCHKEY_BENCH_ROUTES=true). Figures go to bench/api.json.
//   BENCH_POSTGRES_URL  the PostgreSQL database to recreate (default below); skipped when unreachable
//   BENCH_API_PORT      the app's port (default 3310; the bare Node handler takes the next one)
//   BENCH_CPU_PROF=dir  writes a V8 CPU profile of each app server to dir (node --cpu-prof)
//   BENCH_SKIP_BUILD=true  serves the build in NEXT_DIST_DIR as it is, without checking it is current
//   BENCH_TARGETS=a,b   only these measurements (ids of TARGETS below; keep bareNode and bareNext for the ratios)
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrate } from "../db/migrate.mjs";
import { ROOT, ensureBuild, ensureDependencies } from "../lib/prepare.mjs";
import { benchBothDatabases, benchServerEnv, load as loadWith, ratio, startServer as startAppServer, waitFor, writeFigures } from "./harness.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS || 30);
const CONNECTIONS = 50;
/** Not counted: lets the server's code and caches warm up before each measurement. */
const WARMUP_SECONDS = Math.min(3, SECONDS);
const PORT = Number(process.env.BENCH_API_PORT || 3310);
const BASE = `http://127.0.0.1:${PORT}`;
const BARE_PORT = PORT + 1;
const BARE_SERVER = `require("node:http").createServer((request, response) => { response.setHeader("content-type", "application/json"); response.end('{"ok":true}'); }).listen(${BARE_PORT}, "127.0.0.1");`;
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/latchkey_bench_api";
const OWNER_EMAIL = "bench-api@example.com";
/** The goal for GET /api/v1/me with a valid key. */
const GOAL = { requestsPerSecond: 10_000, p99Ms: 10 };
/** Client addresses the "many clients" runs spread over: few enough failures each to stay under the per-address limit. */
const MANY_CLIENTS = 16_384;

const SERVER_ENV = benchServerEnv(PORT);

/** What is measured, in this order; `key` names one of the keys api-seed.ts made. */
const ALL_TARGETS = [
  { id: "bareNode", label: "bare Node HTTP handler", url: `http://127.0.0.1:${BARE_PORT}/` },
  { id: "bareNext", label: "bare Next.js route handler", url: `${BASE}/api/bench-bare` },
  { id: "meValidKey", label: "GET /api/v1/me, valid key", url: `${BASE}/api/v1/me`, key: "valid" },
  { id: "members1000", label: "GET /api/v1/members, 1,000 members (first page, 50)", url: `${BASE}/api/v1/members`, key: "valid" },
  // Every call a new notification to the Owner: a bell row, its channel states, and a mail to the outbox after the 202.
  {
    id: "notificationsSend",
    label: "POST /api/v1/notifications (202)",
    url: `${BASE}/api/v1/notifications`,
    key: "valid",
    method: "POST",
    body: JSON.stringify({ recipient: { email: OWNER_EMAIL }, category: "purchases", title: "Bench receipt", body: "You paid 1.00 EUR." }),
  },
  { id: "meRateLimitedKey", label: "GET /api/v1/me, rate-limited key", url: `${BASE}/api/v1/me`, key: "rateLimited" },
  // Last: after 60 failed authentications in a minute an address is refused unchecked (429),
  // whatever key it sends. From one address that refusal is what gets measured; from many
  // addresses (a proxy's X-Forwarded-For) nearly every call is checked and answered 401.
  { id: "meWrongSecretManyClients", label: "GET /api/v1/me, wrong secret, many clients", url: `${BASE}/api/v1/me`, key: "wrongSecret", spreadAddresses: MANY_CLIENTS },
  { id: "meMalformedKeyManyClients", label: "GET /api/v1/me, malformed key, many clients", url: `${BASE}/api/v1/me`, key: "malformed", spreadAddresses: MANY_CLIENTS },
  { id: "meWrongSecret", label: "GET /api/v1/me, wrong secret, one client", url: `${BASE}/api/v1/me`, key: "wrongSecret" },
  { id: "meMalformedKey", label: "GET /api/v1/me, malformed key, one client", url: `${BASE}/api/v1/me`, key: "malformed" },
];
const TARGETS = process.env.BENCH_TARGETS ? ALL_TARGETS.filter((target) => process.env.BENCH_TARGETS.split(",").includes(target.id)) : ALL_TARGETS;
const BASELINES = ["bareNode", "bareNext"];

const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");

function runTsx(script, env) {
  const result = spawnSync(tsx, ["--conditions=react-server", script], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${script} failed`);
}

const load = (target, headers, seconds) =>
  loadWith({ url: target.url, headers, connections: CONNECTIONS, seconds, spreadAddresses: target.spreadAddresses, method: target.method, body: target.body });
const startServer = (databaseUrl) => startAppServer({ ...SERVER_ENV, DATABASE_URL: databaseUrl });

/** A fresh, migrated and seeded database; the keys to call the API with. */
function prepareDatabase(databaseUrl, workDir) {
  migrate(databaseUrl, { quiet: true });
  const keysFile = path.join(workDir, "keys.json");
  const env = { DATABASE_URL: databaseUrl, BENCH_OWNER_EMAIL: OWNER_EMAIL, BENCH_KEYS_FILE: keysFile, APP_URL: BASE, ...SERVER_ENV };
  runTsx("scripts/bench/api-seed.ts", env);
  runTsx("scripts/bench/members-seed.ts", { ...env, BENCH_INVITATIONS: "0" });
  return JSON.parse(readFileSync(keysFile, "utf8"));
}

/** Every target against one database, the baselines included. */
async function benchDatabase(name, databaseUrl, workDir) {
  console.log(`\n${name}: seeding…`);
  const keys = prepareDatabase(databaseUrl, workDir);
  const server = startServer(databaseUrl);
  try {
    await waitFor(`${BASE}/api/bench-bare`, server);
    const figures = {};
    for (const target of TARGETS) {
      const headers = { ...(target.key ? { authorization: `Bearer ${keys[target.key]}` } : {}), ...(target.body ? { "content-type": "application/json" } : {}) };
      process.stdout.write(`${name}: ${target.label}… `);
      await load(target, headers, WARMUP_SECONDS);
      // The machine is shared: what else was running shows in the load average.
      const loadBefore = os.loadavg()[0];
      figures[target.id] = { ...(await load(target, headers, SECONDS)), loadAverage1m: [+loadBefore.toFixed(2), +os.loadavg()[0].toFixed(2)] };
      console.log(`${Math.round(figures[target.id].requestsPerSecond)} req/s`);
    }
    if (server.errors().trim()) console.log(`${name}: the server wrote to stderr:\n${server.errors().trim().slice(-2000)}`);
    for (const [id, measured] of Object.entries(figures)) {
      if (BASELINES.includes(id)) continue;
      for (const baseline of BASELINES) {
        measured[`vs${baseline[0].toUpperCase()}${baseline.slice(1)}`] = {
          // Share of the baseline's throughput, and how many times its latency.
          requestsPerSecond: ratio(measured.requestsPerSecond, figures[baseline].requestsPerSecond),
          p50: ratio(measured.p50Ms, figures[baseline].p50Ms),
          p99: ratio(measured.p99Ms, figures[baseline].p99Ms),
        };
      }
    }
    const me = figures.meValidKey;
    return {
      baselines: { bareNode: figures.bareNode, bareNext: figures.bareNext },
      api: Object.fromEntries(Object.entries(figures).filter(([id]) => !BASELINES.includes(id))),
      goalMet: me.non2xx === 0 && me.requestsPerSecond >= GOAL.requestsPerSecond && me.p99Ms < GOAL.p99Ms,
    };
  } finally {
    await server.stop();
  }
}

function printTable(name, result) {
  const rows = [
    ["", "req/s", "p50 ms", "p99 ms", "non-2xx", "errors", "statuses", "req/s vs Node", "req/s vs Next", "load 1m"],
    ...TARGETS.map(({ id, label }) => {
      const figure = result.baselines[id] ?? result.api[id];
      const statuses = Object.entries(figure.statusCodes)
        .map(([code, count]) => `${code}×${count}`)
        .join(" ");
      return [
        label,
        String(Math.round(figure.requestsPerSecond)),
        String(figure.p50Ms),
        String(figure.p99Ms),
        String(figure.non2xx),
        // Connection errors and requests unanswered after autocannon's 10 s timeout.
        String(figure.errors + figure.timeouts),
        statuses,
        figure.vsBareNode ? `${figure.vsBareNode.requestsPerSecond}` : "",
        figure.vsBareNext ? `${figure.vsBareNext.requestsPerSecond}` : "",
        figure.loadAverage1m.join("→"),
      ];
    }),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  console.log(`\n${name} (${CONNECTIONS} connections, ${SECONDS} s each)`);
  for (const row of rows) console.log(row.map((cell, column) => (column === 0 || column === 6 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  "));
  console.log(`goal for /me with a valid key (≥ ${GOAL.requestsPerSecond} req/s, p99 < ${GOAL.p99Ms} ms): ${result.goalMet ? "met" : "not met"}`);
}

ensureDependencies();
if (process.env.BENCH_SKIP_BUILD !== "true") ensureBuild();
const workDir = mkdtempSync(path.join(os.tmpdir(), "latchkey-bench-api-"));
const bare = spawn(process.execPath, ["-e", BARE_SERVER], { stdio: "ignore" });
const results = {
  measuredAt: new Date().toISOString(),
  command: "npm run bench -- api",
  machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}`,
  settings: { tool: "autocannon", connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, pipelining: 1, network: "loopback" },
  goal: { meValidKey: GOAL },
  databases: {},
};
try {
  await waitFor(`http://127.0.0.1:${BARE_PORT}/`);
  await benchBothDatabases(results, {
    sqliteUrl: `file:${path.join(workDir, "bench-api.db")}`,
    postgresUrl: POSTGRES_URL,
    bench: (name, url) => benchDatabase(name, url, workDir),
    print: printTable,
  });
} finally {
  bare.kill();
  rmSync(workDir, { recursive: true, force: true });
}
await writeFigures(results, "api.json");

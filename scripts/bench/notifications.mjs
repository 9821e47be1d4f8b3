// npm run bench -- notifications (also part of `npm run bench`): notifications sent through
// POST /api/v1/notifications at a fixed rate, each fanned out to its recipient's webhook
// endpoints (BENCH_ENDPOINTS each), and delivered by the job queue to a fast receiver on
// loopback in this process. Reports the 202s per second and their latency, the deliveries per
// second the queue achieved, and the queue delay of each delivery (from the notification's
// timestamp to its arrival at the receiver): p50/p95/p99. Beside it, in the same run, a bare
// Node HTTP handler under autocannon (50 connections), as the baseline the machine allows.
// On SQLite and PostgreSQL; figures to bench/notifications.json.
//   BENCH_RATE         notifications per second offered (default 100)
//   BENCH_ENDPOINTS    webhook endpoints per recipient (default 10: 1,000 deliveries/s at the default rate)
//   BENCH_SECONDS      seconds of load (default 15)
//   BENCH_POSTGRES_URL the PostgreSQL database to recreate (default below)
//   BENCH_SKIP_BUILD=true  serves the build in NEXT_DIST_DIR as it is
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrate } from "../db/migrate.mjs";
import { ROOT, ensureBuild, ensureDependencies } from "../lib/prepare.mjs";
import { benchBothDatabases, benchServerEnv, load, percentile, printRows, ratio, startServer, waitFor, writeFigures } from "./harness.mjs";

const RATE = Number(process.env.BENCH_RATE || 100);
const ENDPOINTS = Number(process.env.BENCH_ENDPOINTS || 10);
const SECONDS = Number(process.env.BENCH_SECONDS || 15);
const WARMUP_SECONDS = 3;
const PEOPLE = 100;
const PORT = 3320;
const BASE = `http://127.0.0.1:${PORT}`;
const BARE_PORT = PORT + 1;
const RECEIVER_PORT = PORT + 2;
const BARE_SERVER = `require("node:http").createServer((request, response) => { response.setHeader("content-type", "application/json"); response.end('{"ok":true}'); }).listen(${BARE_PORT}, "127.0.0.1");`;
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/latchkey_bench_notifications";
/** The goal: deliveries per second to a fast receiver, and their queue delay. */
const GOAL = { deliveriesPerSecond: 1000, p95DelayMs: 1000 };
/** How long the queue may take to drain after the load before the run counts what is missing. */
const DRAIN_TIMEOUT_MS = 120_000;

const SERVER_ENV = { ...benchServerEnv(PORT), WEBHOOKS_ALLOW_LOOPBACK: "true", LOG_LEVEL: "warn" };

/**
 * A receiver that answers 204 at once and notes when each delivery of the current run arrived
 * and how long it waited (a run's titles start with its marker: late arrivals of a warm-up are
 * not counted).
 */
function startReceiver() {
  let arrivals = [];
  let marker = "";
  const server = createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      const at = Date.now();
      response.statusCode = 204;
      response.end();
      const { timestamp, data } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      if (String(data.title).startsWith(marker)) arrivals.push({ at, delayMs: at - Date.parse(timestamp), id: request.headers["webhook-id"] });
    });
  });
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve) =>
    server.listen(RECEIVER_PORT, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${RECEIVER_PORT}`,
        arrivals: () => arrivals,
        /** Counts only the deliveries of notifications whose title starts with `runMarker` from now on. */
        startRun: (runMarker) => {
          arrivals = [];
          marker = runMarker;
        },
        close: () => new Promise((done) => server.close(done)),
      }),
    ),
  );
}

/** Sends `RATE` notifications a second for `seconds`, each when it is due, titled after `marker`; their answers. */
async function offer(key, recipients, seconds, marker) {
  const started = Date.now();
  const total = Math.round(RATE * seconds);
  const answers = [];
  const pending = [];
  for (let index = 0; index < total; index += 1) {
    const due = started + (index * 1000) / RATE;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    const sentAt = performance.now();
    const body = { recipient: { userId: recipients[index % recipients.length] }, category: "purchases", title: `${marker} receipt ${index}`, body: "You paid 1.00 EUR." };
    pending.push(
      fetch(`${BASE}/api/v1/notifications`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) }).then(
        async (response) => {
          await response.arrayBuffer();
          answers.push({ status: response.status, ms: performance.now() - sentAt });
        },
        () => answers.push({ status: 0, ms: performance.now() - sentAt }),
      ),
    );
  }
  await Promise.all(pending);
  return { answers, sentForMs: Date.now() - started };
}

async function drained(receiver, expected) {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  while (receiver.arrivals().length < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

async function benchDatabase(name, databaseUrl, workDir, receiver) {
  console.log(`\n${name}: seeding ${PEOPLE} recipients with ${ENDPOINTS} endpoints each…`);
  migrate(databaseUrl, { quiet: true });
  const seedFile = path.join(workDir, "notifications-seed.json");
  const seeded = spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), ["--conditions=react-server", "scripts/bench/notifications-seed.ts"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      ...SERVER_ENV,
      DATABASE_URL: databaseUrl,
      BENCH_SEED_FILE: seedFile,
      BENCH_RECEIVER: receiver.url,
      BENCH_PEOPLE: String(PEOPLE),
      BENCH_ENDPOINTS: String(ENDPOINTS),
    },
  });
  if (seeded.status !== 0) throw new Error("scripts/bench/notifications-seed.ts failed");
  const { key, recipients } = JSON.parse(readFileSync(seedFile, "utf8"));
  const server = startServer({ ...SERVER_ENV, DATABASE_URL: databaseUrl });
  try {
    await waitFor(`${BASE}/api/bench-bare`, server);
    // Not counted: warms the server's code, caches and connections.
    receiver.startRun("Warm-up");
    const warmup = await offer(key, recipients, WARMUP_SECONDS, "Warm-up");
    await drained(receiver, warmup.answers.filter((answer) => answer.status === 202).length * ENDPOINTS);
    receiver.startRun("Measured");

    process.stdout.write(`${name}: ${RATE} notifications/s for ${SECONDS} s (${RATE * ENDPOINTS} deliveries/s offered)… `);
    const loadBefore = os.loadavg()[0];
    const { answers, sentForMs } = await offer(key, recipients, SECONDS, "Measured");
    const accepted = answers.filter((answer) => answer.status === 202).length;
    const expected = accepted * ENDPOINTS;
    await drained(receiver, expected);
    const arrivals = receiver.arrivals();
    const first = Math.min(...arrivals.map((arrival) => arrival.at));
    const last = Math.max(...arrivals.map((arrival) => arrival.at));
    const delays = arrivals.map((arrival) => arrival.delayMs);
    const unique = new Set(arrivals.map((arrival) => arrival.id)).size;
    const figures = {
      notifications: {
        offeredPerSecond: RATE,
        acceptedPerSecond: +((accepted * 1000) / sentForMs).toFixed(1),
        accepted,
        refused: answers.length - accepted,
        p50Ms: Math.round(
          percentile(
            answers.map((answer) => answer.ms),
            50,
          ),
        ),
        p95Ms: Math.round(
          percentile(
            answers.map((answer) => answer.ms),
            95,
          ),
        ),
      },
      deliveries: {
        expected,
        arrived: unique,
        duplicates: arrivals.length - unique,
        missing: expected - unique,
        perSecond: +((arrivals.length * 1000) / Math.max(1, last - first)).toFixed(1),
        p50DelayMs: percentile(delays, 50),
        p95DelayMs: percentile(delays, 95),
        p99DelayMs: percentile(delays, 99),
        maxDelayMs: Math.max(...delays),
      },
      loadAverage1m: [+loadBefore.toFixed(2), +os.loadavg()[0].toFixed(2)],
    };
    console.log(`${Math.round(figures.deliveries.perSecond)} deliveries/s`);
    if (server.errors().trim()) console.log(`${name}: the server wrote to stderr:\n${server.errors().trim().slice(-2000)}`);
    return figures;
  } finally {
    await server.stop();
  }
}

ensureDependencies();
if (process.env.BENCH_SKIP_BUILD !== "true") ensureBuild();
const workDir = mkdtempSync(path.join(os.tmpdir(), "latchkey-bench-notifications-"));
const bare = spawn(process.execPath, ["-e", BARE_SERVER], { stdio: "ignore" });
const receiver = await startReceiver();
const results = {
  measuredAt: new Date().toISOString(),
  command: "npm run bench -- notifications",
  machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}`,
  settings: { rate: RATE, endpointsPerRecipient: ENDPOINTS, recipients: PEOPLE, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, receiver: "204 at once, loopback" },
  goal: GOAL,
  databases: {},
};
try {
  await waitFor(`http://127.0.0.1:${BARE_PORT}/`);
  await benchBothDatabases(results, {
    sqliteUrl: `file:${path.join(workDir, "bench-notifications.db")}`,
    postgresUrl: POSTGRES_URL,
    bench: async (name, url) => {
      const measured = await benchDatabase(name, url, workDir, receiver);
      // The baseline, right after, on the same machine: what one bare Node handler answers.
      const bareNode = await load({ url: `http://127.0.0.1:${BARE_PORT}/`, headers: {}, connections: 50, seconds: Math.min(SECONDS, 8) });
      measured.baseline = { bareNodeRequestsPerSecond: bareNode.requestsPerSecond };
      measured.deliveries.vsBareNode = ratio(measured.deliveries.perSecond, bareNode.requestsPerSecond);
      measured.goalMet = measured.deliveries.missing === 0 && measured.deliveries.perSecond >= GOAL.deliveriesPerSecond && measured.deliveries.p95DelayMs < GOAL.p95DelayMs;
      return measured;
    },
    print: (name, figures) => {
      console.log(`\n${name}`);
      printRows([
        ["", "value"],
        ["notifications offered / accepted per s", `${figures.notifications.offeredPerSecond} / ${figures.notifications.acceptedPerSecond}`],
        ["POST p50 / p95 ms", `${figures.notifications.p50Ms} / ${figures.notifications.p95Ms}`],
        ["deliveries per s (vs bare Node req/s)", `${figures.deliveries.perSecond} (${figures.deliveries.vsBareNode})`],
        ["queue delay p50 / p95 / p99 ms", `${figures.deliveries.p50DelayMs} / ${figures.deliveries.p95DelayMs} / ${figures.deliveries.p99DelayMs}`],
        [
          "expected / arrived / missing / duplicates",
          `${figures.deliveries.expected} / ${figures.deliveries.arrived} / ${figures.deliveries.missing} / ${figures.deliveries.duplicates}`,
        ],
        ["bare Node req/s", String(Math.round(figures.baseline.bareNodeRequestsPerSecond))],
        ["load average 1m", figures.loadAverage1m.join("→")],
      ]);
      console.log(`goal (≥ ${GOAL.deliveriesPerSecond} deliveries/s, p95 delay < ${GOAL.p95DelayMs} ms, none missing): ${figures.goalMet ? "met" : "not met"}`);
    },
  });
} finally {
  bare.kill();
  await receiver.close();
  rmSync(workDir, { recursive: true, force: true });
}
await writeFigures(results, "notifications.json");

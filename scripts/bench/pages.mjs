// npm run bench -- pages: the settings pages under load, as issue 12 measures them, on a
// production build served by scripts/server.mjs (what `npm start` runs), on SQLite and on
// PostgreSQL. autocannon with 10 connections (BENCH_SECONDS each, default 10), loopback, each
// measurement in a process of its own. The baseline, in the same build and run: a bare dynamic
// Next.js page that reads a cookie and renders a small form (app/bench-bare, which answers only
// when LATCHKEY_BENCH_ROUTES=true; sent no session cookie), measured again just before each page, which is compared
// with that measurement. Then password sign-ins, 10 at a time, through the sign-in
// form's server action (argon2id included), timed at the client after one untimed round. Beside
// each figure, the CPU time the server's main thread spent per request (Linux's /proc): the
// load generator shares the machine, so requests per second move with it, while this moves less.
// Figures go to bench/pages.json.
//   BENCH_POSTGRES_URL  the PostgreSQL database to recreate (default below); skipped when unreachable
//   BENCH_PAGES_PORT    the app's port (default 3320)
//   BENCH_PAGES         only these paths, comma-separated (default: every settings page)
//   BENCH_CPU_PROF=dir  writes a V8 CPU profile of each app server to dir (node --cpu-prof)
//   BENCH_SKIP_BUILD=true  serves the build in NEXT_DIST_DIR as it is, without checking it is current
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureBuild, ensureDependencies } from "../lib/prepare.mjs";
import {
  SETTINGS_PAGES,
  benchBothDatabases,
  benchServerEnv,
  load,
  percentile,
  postActionForm,
  printRows,
  ratio,
  seedPeople,
  serverActionId,
  startServer,
  waitFor,
  writeFigures,
} from "./harness.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const CONNECTIONS = 10;
const WARMUP_SECONDS = Math.min(3, SECONDS);
const PORT = Number(process.env.BENCH_PAGES_PORT || 3320);
const BASE = `http://127.0.0.1:${PORT}`;
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/latchkey_bench_pages";
const PASSWORD = "Bench-Horse-9-latchkey";
const SIGN_INS = { concurrency: 10, perClient: 20, warmupPerClient: 1 };
/** Issue 12's goals: every settings page at least this share of the bare page's requests per second; sign-in p95. */
const GOAL = { pageVsBare: 0.6, signInP95Ms: 150 };
const PAGES = process.env.BENCH_PAGES ? process.env.BENCH_PAGES.split(",") : ["/login", ...SETTINGS_PAGES];

const SERVER_ENV = benchServerEnv(PORT);
/**
 * The bare page gets a cookie of its own, not the session's: with the session cookie, Latchkey's
 * root layout would open it and read the session for the theme, and the baseline would carry
 * Latchkey's own work.
 */
const BARE_HEADERS = { cookie: "bench=visited" };

/**
 * CPU milliseconds the process `pid`'s main thread has used so far (user and system), or null
 * where /proc is missing. Linux counts in ticks of 10 ms (USER_HZ = 100).
 */
function mainThreadCpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** Runs `work`, which makes `count()` requests, and adds the server's main-thread CPU per request to its result. */
async function withCpuPerRequest(pid, work, count) {
  const before = mainThreadCpuMs(pid);
  const result = await work();
  const after = mainThreadCpuMs(pid);
  const requests = count(result);
  return { ...result, cpuMsPerRequest: before === null || after === null || !requests ? null : +((after - before) / requests).toFixed(2) };
}

/**
 * Password sign-ins `concurrency` at a time, each client its own account and each sign-in its
 * own address, posted as the sign-in form posts them (React's encoding of `(previousState,
 * formData)`). A sign-in counts only when the answer sets a session cookie. The first
 * `warmupPerClient` rounds are not timed, as each page's first seconds are not: they time the
 * server's first compilation of the sign-in path, not sign-in.
 */
async function signIns(emails, actionId, sessionCookieName, pid) {
  const rounds = SIGN_INS.warmupPerClient + SIGN_INS.perClient;
  const addressOf = (index) => `198.51.${100 + (index >> 8)}.${index & 255}`;
  const run = async (from, to, timings) => {
    let failures = 0;
    const client = async (email, index) => {
      for (let round = from; round < to; round += 1) {
        const started = performance.now();
        const response = await postActionForm({
          base: BASE,
          pathname: "/login",
          actionId,
          fields: { email, password: PASSWORD, next: "/settings/profile" },
          headers: { "X-Forwarded-For": addressOf(index * rounds + round) },
        });
        await response.arrayBuffer();
        timings.push(performance.now() - started);
        if (!response.ok || !response.headers.getSetCookie().some((cookie) => cookie.startsWith(`${sessionCookieName}=`))) failures += 1;
      }
    };
    await Promise.all(emails.map(client));
    return failures;
  };
  const warmupFailures = await run(0, SIGN_INS.warmupPerClient, []);
  const timings = [];
  return withCpuPerRequest(
    pid,
    async () => {
      const failures = warmupFailures + (await run(SIGN_INS.warmupPerClient, rounds, timings));
      return { signIns: timings.length, failures, p50Ms: Math.round(percentile(timings, 50)), p95Ms: Math.round(percentile(timings, 95)), maxMs: Math.round(Math.max(...timings)) };
    },
    (result) => result.signIns,
  );
}

async function benchDatabase(name, databaseUrl, workDir) {
  console.log(`\n${name}: seeding…`);
  const seeded = seedPeople(databaseUrl, workDir, SERVER_ENV, { password: PASSWORD, signInUsers: SIGN_INS.concurrency });
  const server = startServer({ ...SERVER_ENV, DATABASE_URL: databaseUrl });
  try {
    await waitFor(`${BASE}/bench-bare`, server);
    const measure = async (url, headers) => {
      await load({ url, headers, connections: CONNECTIONS, seconds: WARMUP_SECONDS });
      const loadBefore = os.loadavg()[0];
      const figure = await withCpuPerRequest(
        server.child.pid,
        () => load({ url, headers, connections: CONNECTIONS, seconds: SECONDS }),
        (result) => result.requests,
      );
      return { ...figure, loadAverage1m: [+loadBefore.toFixed(2), +os.loadavg()[0].toFixed(2)] };
    };
    const headers = { cookie: seeded.cookie };
    // The machine's speed drifts over a run of minutes: each page is compared with the bare page
    // measured just before it, not with one measurement at the start.
    const bares = [];
    const pages = {};
    for (const page of PAGES) {
      process.stdout.write(`${name}: ${page}… `);
      const bare = await measure(`${BASE}/bench-bare`, BARE_HEADERS);
      const figure = await measure(`${BASE}${page}`, page === "/login" ? {} : headers);
      bares.push(bare);
      pages[page] = {
        ...figure,
        bareRequestsPerSecond: bare.requestsPerSecond,
        vsBare: ratio(figure.requestsPerSecond, bare.requestsPerSecond),
        bareCpuMsPerRequest: bare.cpuMsPerRequest,
        // The same comparison by the server's CPU: the bare page's cost per request over the page's.
        cpuVsBare: figure.cpuMsPerRequest && bare.cpuMsPerRequest ? ratio(bare.cpuMsPerRequest, figure.cpuMsPerRequest) : null,
      };
      console.log(`${Math.round(figure.requestsPerSecond)} req/s, bare ${Math.round(bare.requestsPerSecond)} (${pages[page].vsBare}×; by CPU ${pages[page].cpuVsBare}×)`);
    }
    const bare = bares.sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(bares.length / 2)];
    process.stdout.write(`${name}: ${SIGN_INS.concurrency} concurrent password sign-ins… `);
    const signIn = await signIns(seeded.signInEmails, serverActionId("signInAction", "login/actions"), seeded.cookie.slice(0, seeded.cookie.indexOf("=")), server.child.pid);
    console.log(`p95 ${signIn.p95Ms} ms`);
    if (server.errors().trim()) console.log(`${name}: the server wrote to stderr:\n${server.errors().trim().slice(-2000)}`);
    const slowest = Math.min(...Object.values(pages).map((figure) => figure.vsBare));
    return {
      bare,
      pages,
      signIn,
      goalMet: {
        pages: slowest >= GOAL.pageVsBare && Object.values(pages).every((figure) => figure.non2xx === 0),
        signIn: signIn.failures === 0 && signIn.p95Ms < GOAL.signInP95Ms,
      },
    };
  } finally {
    await server.stop();
  }
}

function printTable(name, result) {
  console.log(`\n${name} (${CONNECTIONS} connections, ${SECONDS} s each)`);
  const row = (label, figure) => [
    label,
    String(Math.round(figure.requestsPerSecond)),
    String(Math.round(figure.bareRequestsPerSecond ?? figure.requestsPerSecond)),
    String(figure.p50Ms),
    String(figure.p99Ms),
    String(figure.non2xx + figure.errors),
    figure.vsBare === undefined ? "1" : String(figure.vsBare),
    String(figure.cpuMsPerRequest ?? "–"),
    figure.vsBare === undefined ? "1" : String(figure.cpuVsBare ?? "–"),
    figure.loadAverage1m.join("→"),
  ];
  printRows([
    ["", "req/s", "bare req/s", "p50 ms", "p99 ms", "failed", "vs bare", "CPU ms/req", "by CPU", "load 1m"],
    row("bare Next.js page (median)", result.bare),
    ...Object.entries(result.pages).map(([page, figure]) => row(page, figure)),
  ]);
  const { signIn } = result;
  console.log(
    `sign-in, ${SIGN_INS.concurrency} at a time: ${signIn.signIns} sign-ins, ${signIn.failures} failed, p50 ${signIn.p50Ms} ms, p95 ${signIn.p95Ms} ms, max ${signIn.maxMs} ms, main-thread CPU ${signIn.cpuMsPerRequest ?? "–"} ms each`,
  );
  console.log(
    `goals: every page ≥ ${GOAL.pageVsBare}× the bare page: ${result.goalMet.pages ? "met" : "not met"}; sign-in p95 < ${GOAL.signInP95Ms} ms: ${result.goalMet.signIn ? "met" : "not met"}`,
  );
}

ensureDependencies();
if (process.env.BENCH_SKIP_BUILD !== "true") ensureBuild();
const workDir = mkdtempSync(path.join(os.tmpdir(), "latchkey-bench-pages-"));
const results = {
  measuredAt: new Date().toISOString(),
  command: "npm run bench -- pages",
  machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}`,
  settings: { tool: "autocannon", connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, pipelining: 1, network: "loopback", signIns: SIGN_INS },
  goal: GOAL,
  databases: {},
};
try {
  await benchBothDatabases(results, {
    sqliteUrl: `file:${path.join(workDir, "bench-pages.db")}`,
    postgresUrl: POSTGRES_URL,
    bench: (name, url) => benchDatabase(name, url, workDir),
    print: printTable,
  });
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
await writeFigures(results, "pages.json");

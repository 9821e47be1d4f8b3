// npm run bench -- soak: issue 12's soak run. Two production Latchkey instances (scripts/server.mjs,
// what `npm start` runs) on loopback share one PostgreSQL database and one Redis (rate limits),
// and take a mixed load at a fixed rate, spread evenly over both, for a set time: signed-in
// settings page views, password sign-ins through the sign-in form's server action (argon2id
// included), profile saves through the profile form's server action, and security log reads.
// The rate is held whatever the answers take (a request is sent when it is due, not when the
// previous one ends). Reported per kind: requests per second achieved, p50/p95/p99 latency and
// errors (any other status, a missing session cookie or confirmation, a network error); per
// instance: resident and V8 heap memory (from /metrics, every second) at the start and at the
// end, and their growth. Memory rises between garbage collections and falls at each, so start and
// end are read in the first and in the last fifth of the run (at least a minute each, at most half
// the run): the heap as the lowest reading within a second after a full (major) collection, which
// is what stays alive and what a leak makes grow; resident memory as the lowest reading. A part of
// the run without a full collection leaves the heap unmeasured, which fails the run (run longer).
// Exits non-zero when any request failed or any memory grew by 10% or more. Figures go to
// bench/soak.json.
//   --duration 10m   measured time (s, m or h; a bare number is seconds); default 10m
//   --rate 20        requests per second, all kinds and both instances together; default 20
//   --warmup 2m      the same load first, not measured, so that both instances have loaded
//                    every page and grown their heap to its working size; default 2m
//   BENCH_POSTGRES_URL  the PostgreSQL database to recreate (default below)
//   BENCH_REDIS_URL     the Redis both instances share (default redis://127.0.0.1:6379)
//   BENCH_SOAK_PORT     the first instance's port (default 3340; the second takes the next one)
//   BENCH_SKIP_BUILD=true  serves the build in NEXT_DIST_DIR as it is, without checking it is current
import { randomInt } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { ensureBuild, ensureDependencies } from "../lib/prepare.mjs";
import { SETTINGS_PAGES, benchServerEnv, percentile, postActionForm, recreatePostgres, seedPeople, serverActionId, startServer, waitFor, writeFigures } from "./harness.mjs";

const POSTGRES_URL = process.env.BENCH_POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/latchkey_soak";
const REDIS_URL = process.env.BENCH_REDIS_URL || "redis://127.0.0.1:6379";
const FIRST_PORT = Number(process.env.BENCH_SOAK_PORT || 3340);
const METRICS_TOKEN = "bench-soak-metrics-token-0123456789abcdef";
const PASSWORD = "Bench-Horse-9-latchkey";
/** Signed-in people, each the Owner of an organization: page views, profile saves and security log reads. */
const PEOPLE = 20;
/** Accounts the sign-ins use, one sign-in at a time each (see signIn). */
const SIGN_IN_ACCOUNTS = 50;
const MEMORY_EVERY_SECONDS = 1;
/** bench/soak.json keeps one reading in this many. */
const READINGS_KEPT_EVERY = 10;
const MAX_GROWTH_PERCENT = 10;
/** A request still unanswered this long after the last one was sent counts as an error. */
const DRAIN_SECONDS = 30;
/** What the load is made of, in requests per 20: spread evenly over the cycle (smooth weighted round-robin). */
const MIX = { pageView: 10, securityLog: 4, profileSave: 3, signIn: 3 };
const LABELS = { pageView: "settings page view", securityLog: "security log read", profileSave: "profile save", signIn: "password sign-in" };
/** The security log has a kind of its own. */
const VIEWED_PAGES = SETTINGS_PAGES.filter((page) => page !== "/settings/activity");

/** "90s", "10m", "1h" or a number of seconds. */
function seconds(value, option) {
  const match = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(value);
  if (!match) throw new Error(`--${option} ${value}: give a time such as 60s, 10m or 1h`);
  return Number(match[1]) * { s: 1, m: 60, h: 3600 }[match[2] ?? "s"];
}

const { values: options } = parseArgs({
  args: process.argv.slice(2),
  options: { duration: { type: "string", default: "10m" }, rate: { type: "string", default: "20" }, warmup: { type: "string", default: "2m" } },
});
const DURATION_SECONDS = seconds(options.duration, "duration");
const WARMUP_SECONDS = seconds(options.warmup, "warmup");
const RATE = Number(options.rate);
if (!(RATE > 0)) throw new Error(`--rate ${options.rate}: give requests per second, e.g. 20`);

const instances = [0, 1].map((index) => {
  const port = FIRST_PORT + index;
  return { name: `instance ${index + 1} (:${port})`, base: `http://127.0.0.1:${port}`, env: { ...benchServerEnv(port), REDIS_URL, METRICS_TOKEN } };
});

/** The kinds in the order the mix sends them: each as often as its weight, as evenly spread as can be. */
function mixCycle() {
  const total = Object.values(MIX).reduce((sum, weight) => sum + weight, 0);
  const credit = Object.fromEntries(Object.keys(MIX).map((kind) => [kind, 0]));
  return Array.from({ length: total }, () => {
    for (const [kind, weight] of Object.entries(MIX)) credit[kind] += weight;
    const chosen = Object.keys(MIX).reduce((best, kind) => (credit[kind] > credit[best] ? kind : best));
    credit[chosen] -= total;
    return chosen;
  });
}

/**
 * One request of each kind, given the kind's own count `n` (which picks the instance, so that
 * every kind reaches both alike, and the person). Answers null when it went as it should, else
 * what went wrong.
 */
function requestKinds(seeded) {
  const signInActionId = serverActionId("signInAction", "login/actions");
  const profileActionId = serverActionId("updateProfileAction", "settings/profile/actions");
  const sessionCookieName = seeded.cookie.slice(0, seeded.cookie.indexOf("="));
  const idleSignInAccounts = [...seeded.signInEmails];
  // Sign-ins come through a proxy (TRUST_PROXY=loopback), each from a client address of its own:
  // one address would reach the per-address limit (30 per 15 minutes) within seconds.
  let clientAddress = randomInt(1 << 24);
  const nextClientAddress = () => {
    clientAddress = (clientAddress + 1) % (1 << 24);
    return `10.${clientAddress >> 16}.${(clientAddress >> 8) & 255}.${clientAddress & 255}`;
  };
  const page = async (instance, pathname, cookie) => {
    // Not followed: a redirect (to /login) is a failure, not the page.
    const response = await fetch(`${instance.base}${pathname}`, { headers: { cookie }, redirect: "manual" });
    await response.arrayBuffer();
    return response.status === 200 ? null : `GET ${pathname}: ${response.status}`;
  };
  return {
    pageView: (instance, n) => page(instance, VIEWED_PAGES[n % VIEWED_PAGES.length], seeded.cookies[n % PEOPLE]),
    securityLog: (instance, n) => page(instance, "/settings/activity", seeded.cookies[n % PEOPLE]),
    profileSave: async (instance, n) => {
      const response = await postActionForm({
        base: instance.base,
        pathname: "/settings/profile",
        actionId: profileActionId,
        fields: { firstName: "Bench", lastName: "Mark", jobTitle: `Soak tester ${n}`, phoneNumber: "" },
        headers: { cookie: seeded.cookies[n % PEOPLE] },
      });
      const body = await response.text();
      if (response.status !== 200) return `profile save: ${response.status}`;
      return body.includes('"ok":true') && body.includes("Profile saved.") ? null : "profile save: no confirmation in the answer";
    },
    // Each account signs in once at a time: the lockout counts an attempt before it checks the
    // password, so many at once on one account would lock it as a guessing attack would.
    signIn: async (instance) => {
      const email = idleSignInAccounts.shift();
      if (!email) return "password sign-in: every sign-in account busy";
      try {
        const response = await postActionForm({
          base: instance.base,
          pathname: "/login",
          actionId: signInActionId,
          fields: { email, password: PASSWORD, next: "/settings/profile" },
          headers: { "X-Forwarded-For": nextClientAddress() },
        });
        await response.arrayBuffer();
        if (response.status !== 200) return `password sign-in: ${response.status}`;
        const signedIn =
          response.headers.get("x-action-redirect")?.startsWith("/settings/profile") &&
          response.headers.getSetCookie().some((cookie) => cookie.startsWith(`${sessionCookieName}=`));
        return signedIn ? null : "password sign-in: no session cookie";
      } finally {
        idleSignInAccounts.push(email);
      }
    },
  };
}

const GC_HISTOGRAM = "nodejs_gc_duration_seconds";

/** Resident and V8 heap memory of an instance, in bytes, and how many full collections it has made, from its /metrics. */
async function memoryOf(instance) {
  const response = await fetch(`${instance.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  if (!response.ok) throw new Error(`${instance.name}: /metrics answered ${response.status}`);
  // parse-prometheus-text-format keeps only a histogram's unlabelled counts: without its TYPE line
  // the collections' _count series come back one family per label set (as tests/e2e/operations.spec.ts reads them).
  const families = parsePrometheusTextFormat((await response.text()).replace(`# TYPE ${GC_HISTOGRAM} histogram\n`, ""));
  const samples = (name) => families.filter((family) => family.name === name).flatMap((family) => family.metrics);
  const gauge = (name) => Number(samples(name)[0]?.value);
  const majorCollections = samples(`${GC_HISTOGRAM}_count`).find((sample) => sample.labels?.kind === "major");
  return { rss: gauge("process_resident_memory_bytes"), heapUsed: gauge("nodejs_heap_size_used_bytes"), majorCollections: Number(majorCollections?.value ?? 0) };
}

/** Sends the mix at RATE for `duration` seconds; each answer goes to `record({ kind, milliseconds, problem })`. */
async function drive(send, duration, record) {
  const cycle = mixCycle();
  const counts = Object.fromEntries(Object.keys(MIX).map((kind) => [kind, 0]));
  const total = Math.round(duration * RATE);
  const started = performance.now();
  const inFlight = new Set();
  let maxLagMs = 0;
  for (let index = 0; index < total; index += 1) {
    const due = started + (index * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    maxLagMs = Math.max(maxLagMs, performance.now() - due);
    const kind = cycle[index % cycle.length];
    const n = counts[kind]++;
    const sent = performance.now();
    const request = send[kind](instances[n % instances.length], n)
      .catch((error) => `${LABELS[kind]}: ${error.cause?.code ?? error.message}`)
      .then((problem) => record({ kind, milliseconds: performance.now() - sent, problem }));
    inFlight.add(request);
    void request.finally(() => inFlight.delete(request));
  }
  const drained = await Promise.race([Promise.all(inFlight).then(() => true), sleep(DRAIN_SECONDS * 1000, false, { ref: false })]);
  return { maxLagMs, unanswered: drained ? 0 : inFlight.size, elapsedSeconds: (performance.now() - started) / 1000 };
}

const growth = (start, end) => +(((end - start) / start) * 100).toFixed(1);
const mebibytes = (bytes) => +(bytes / 2 ** 20).toFixed(1);

/**
 * Start and end of each instance's memory (see the top of this file), and the highest reading.
 * A heap figure is null where its part of the run saw no full collection.
 */
function memoryFigures(readings) {
  const edgeSeconds = Math.min(Math.max(60, DURATION_SECONDS / 5), DURATION_SECONDS / 2);
  const inFirst = (reading) => reading.atSeconds < edgeSeconds;
  const inLast = (reading) => reading.atSeconds > DURATION_SECONDS - edgeSeconds;
  return instances.map((instance, index) => {
    const series = readings.map((reading) => reading.instances[index]);
    const afterFullCollection = readings.filter((reading, at) => at > 0 && series[at].majorCollections > series[at - 1].majorCollections);
    const lowest = (part, measure) => (part.length ? Math.min(...part.map((reading) => reading.instances[index][measure])) : null);
    const figure = (measure, candidates) => {
      const start = lowest(candidates.filter(inFirst), measure);
      const end = lowest(candidates.filter(inLast), measure);
      const peak = Math.max(...series.map((memory) => memory[measure]));
      const measured = start !== null && end !== null;
      return {
        startMiB: measured ? mebibytes(start) : null,
        endMiB: measured ? mebibytes(end) : null,
        growthPercent: measured ? growth(start, end) : null,
        peakMiB: mebibytes(peak),
      };
    };
    return {
      instance: instance.name,
      edgeSeconds,
      fullCollections: series.at(-1).majorCollections - series[0].majorCollections,
      rss: figure("rss", readings),
      heapUsed: figure("heapUsed", afterFullCollection),
    };
  });
}

function markdownTable(header, rows) {
  return [`| ${header.join(" | ")} |`, `|${header.map((_, column) => (column === 0 ? "---" : "---:")).join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");
}

function printReport(results) {
  const { kinds, total, memory, settings } = results;
  console.log(
    `\nSoak: ${settings.rateStated} req/s stated for ${settings.durationSeconds} s after a ${settings.warmupSeconds} s warm-up, two instances on one PostgreSQL and Redis (${os.cpus().length} CPUs)\n`,
  );
  const row = (label, figure) => [
    label,
    String(figure.requests),
    String(figure.requestsPerSecond),
    String(figure.p50Ms),
    String(figure.p95Ms),
    String(figure.p99Ms),
    String(figure.errors),
  ];
  console.log(
    markdownTable(
      ["kind", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"],
      [...Object.keys(MIX).map((kind) => row(LABELS[kind], kinds[kind])), row("**all**", total)],
    ),
  );
  console.log("");
  const memoryCells = ({ startMiB, endMiB, growthPercent, peakMiB }) =>
    growthPercent === null ? ["–", "–", "not measured", String(peakMiB)] : [String(startMiB), String(endMiB), `${growthPercent > 0 ? "+" : ""}${growthPercent}%`, String(peakMiB)];
  console.log(
    markdownTable(
      ["instance", "RSS start MiB", "RSS end MiB", "RSS growth", "RSS peak MiB", "heap used start MiB", "heap used end MiB", "heap growth", "heap used peak MiB"],
      memory.map((figure) => [figure.instance, ...memoryCells(figure.rss), ...memoryCells(figure.heapUsed)]),
    ),
  );
  console.log(
    `start and end: the lowest reading in the first and in the last ${memory[0].edgeSeconds} s; for the heap, only readings within a second after a full collection ` +
      `(${memory.map((figure) => `${figure.instance}: ${figure.fullCollections}`).join(", ")} full collections while measured)`,
  );
  for (const [kind, figure] of Object.entries(kinds)) if (figure.problems.length) console.log(`\n${LABELS[kind]}, first problems: ${figure.problems.join("; ")}`);
  if (results.warmupErrors) console.log(`\nerrors during the warm-up: ${results.warmupErrors}`);
  console.log(`\nthe driver sent each request at most ${results.driverMaxLagMs} ms after it was due; ${results.unanswered} unanswered after ${DRAIN_SECONDS} s`);
  console.log(results.passed ? "\nsoak: passed" : `\nsoak: FAILED (${results.failures.join("; ")})`);
}

async function soak(workDir) {
  const postgres = await recreatePostgres(POSTGRES_URL);
  if (postgres.error) throw new Error(`${postgres.error}. Set BENCH_POSTGRES_URL to a server that answers.`);
  console.log(`seeding ${POSTGRES_URL}…`);
  const seeded = seedPeople(POSTGRES_URL, workDir, instances[0].env, { password: PASSWORD, people: PEOPLE, signInUsers: SIGN_IN_ACCOUNTS });
  const servers = instances.map((instance) => startServer({ ...instance.env, DATABASE_URL: POSTGRES_URL }));
  try {
    await Promise.all(instances.map((instance, index) => waitFor(`${instance.base}/readyz`, servers[index])));
    const send = requestKinds(seeded);

    console.log(`warming up for ${WARMUP_SECONDS} s…`);
    let warmupErrors = 0;
    await drive(send, WARMUP_SECONDS, ({ problem }) => {
      if (problem) warmupErrors += 1;
    });

    console.log(`measuring for ${DURATION_SECONDS} s at ${RATE} req/s…`);
    const latencies = Object.fromEntries(Object.keys(MIX).map((kind) => [kind, []]));
    const problems = Object.fromEntries(Object.keys(MIX).map((kind) => [kind, []]));
    const readings = [];
    const measuredFrom = performance.now();
    const metricsProblems = [];
    const readMemory = async () => {
      const atSeconds = +((performance.now() - measuredFrom) / 1000).toFixed(1);
      try {
        readings.push({ atSeconds, instances: await Promise.all(instances.map(memoryOf)) });
      } catch (error) {
        metricsProblems.push(`${atSeconds} s: ${error.message}`);
      }
    };
    await readMemory();
    const memoryTimer = setInterval(() => void readMemory(), MEMORY_EVERY_SECONDS * 1000);
    let driven;
    try {
      driven = await drive(send, DURATION_SECONDS, ({ kind, milliseconds, problem }) => {
        latencies[kind].push(milliseconds);
        if (problem) problems[kind].push(problem);
      });
    } finally {
      clearInterval(memoryTimer);
    }
    await readMemory();
    // A reading still under way when the next began may have landed after it.
    readings.sort((first, second) => first.atSeconds - second.atSeconds);

    const figureOf = (values, problemList) => ({
      requests: values.length,
      // Over the time it took to send them all and have the last answer.
      requestsPerSecond: +(values.length / driven.elapsedSeconds).toFixed(2),
      p50Ms: Math.round(percentile(values, 50)),
      p95Ms: Math.round(percentile(values, 95)),
      p99Ms: Math.round(percentile(values, 99)),
      errors: problemList.length,
    });
    const kinds = Object.fromEntries(Object.keys(MIX).map((kind) => [kind, { ...figureOf(latencies[kind], problems[kind]), problems: [...new Set(problems[kind])].slice(0, 5) }]));
    const total = figureOf(Object.values(latencies).flat(), Object.values(problems).flat());
    const memory = memoryFigures(readings);
    const failures = [
      ...(metricsProblems.length ? [`memory unread: ${metricsProblems.slice(0, 3).join("; ")}`] : []),
      ...(total.errors + driven.unanswered + warmupErrors > 0 ? [`${total.errors + driven.unanswered + warmupErrors} errors`] : []),
      ...memory.flatMap((figure) =>
        [
          ["RSS", figure.rss],
          ["heap used", figure.heapUsed],
        ]
          .filter(([, measure]) => measure.growthPercent === null || measure.growthPercent >= MAX_GROWTH_PERCENT)
          .map(([name, measure]) =>
            measure.growthPercent === null
              ? `${figure.instance}: ${name} not measured, no full collection in the first or the last ${figure.edgeSeconds} s (run longer)`
              : `${figure.instance}: ${name} grew ${measure.growthPercent}%`,
          ),
      ),
    ];
    for (const [index, server] of servers.entries()) if (server.errors().trim()) console.log(`${instances[index].name} wrote to stderr:\n${server.errors().trim().slice(-2000)}`);
    return {
      kinds,
      total,
      memory,
      memoryReadings: readings
        .filter((reading, index) => index % READINGS_KEPT_EVERY === 0 || index === readings.length - 1)
        .map((reading) => ({
          atSeconds: reading.atSeconds,
          rssMiB: reading.instances.map((memory) => mebibytes(memory.rss)),
          heapUsedMiB: reading.instances.map((memory) => mebibytes(memory.heapUsed)),
        })),
      warmupErrors,
      unanswered: driven.unanswered,
      driverMaxLagMs: Math.round(driven.maxLagMs),
      measuredSeconds: +driven.elapsedSeconds.toFixed(1),
      failures,
      passed: failures.length === 0,
    };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

ensureDependencies();
if (process.env.BENCH_SKIP_BUILD !== "true") ensureBuild();
const workDir = mkdtempSync(path.join(os.tmpdir(), "latchkey-bench-soak-"));
let results;
try {
  results = {
    measuredAt: new Date().toISOString(),
    command: `npm run bench -- soak --duration ${options.duration} --rate ${options.rate} --warmup ${options.warmup}`,
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}`,
    settings: {
      instances: instances.length,
      database: "PostgreSQL",
      rateLimitStore: "Redis",
      rateStated: RATE,
      durationSeconds: DURATION_SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      mixPer20: MIX,
      people: PEOPLE,
      signInAccounts: SIGN_IN_ACCOUNTS,
      memoryEverySeconds: MEMORY_EVERY_SECONDS,
      maxGrowthPercent: MAX_GROWTH_PERCENT,
      network: "loopback",
    },
    ...(await soak(workDir)),
  };
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
printReport(results);
await writeFigures(results, "soak.json");
process.exitCode = results.passed ? 0 : 1;

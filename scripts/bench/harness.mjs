// What the load benchmarks (scripts/bench/api.mjs, pages.mjs, soak.mjs) share: one
// autocannon run in a process of its own, the app server under measurement, waiting for it,
// a fresh PostgreSQL database, seeded people, and server actions posted as a form posts them.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { readFileSync, writeFileSync } from "node:fs";
import pg from "pg";
import { format, resolveConfig } from "prettier";
import { migrate } from "../db/migrate.mjs";
import { ROOT } from "../lib/prepare.mjs";

/** Every settings page, in the sidebar's order: what the page benchmarks load. */
export const SETTINGS_PAGES = [
  "/settings/profile",
  "/settings/security",
  "/settings/passkeys",
  "/settings/sessions",
  "/settings/activity",
  "/settings/appearance",
  "/settings/notifications",
  "/settings/account",
  "/settings/memberships",
  "/settings/organization",
  "/settings/organization/members",
  "/settings/organization/roles",
  "/settings/organization/companies",
  "/settings/organization/audit-log",
  "/settings/api-keys",
];

/**
 * How the load benchmarks start the app: a production server on loopback with the bench-only
 * baseline routes, trusting X-Forwarded-For from loopback as behind a reverse proxy (runs that
 * spread their requests over many client addresses name them there).
 */
export function benchServerEnv(port) {
  return {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    HOST: "127.0.0.1",
    APP_URL: `http://127.0.0.1:${port}`,
    AUTH_SECRET: "bench-secret-0123456789abcdef0123456789",
    ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
    LATCHKEY_BENCH_ROUTES: "true",
    TRUST_PROXY: "loopback",
  };
}

const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : null;

/** One autocannon run in its own process (scripts/bench/load.mjs). */
export function load({ url, headers, connections, seconds, spreadAddresses, method = "GET", body }) {
  const options = { url, headers, connections, duration: seconds, pipelining: 1, spreadAddresses, method, body };
  const child = spawn(process.execPath, [path.join(ROOT, "scripts", "bench", "load.mjs"), JSON.stringify(options)], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(output)) : reject(new Error(`autocannon exited with ${code}`))));
  });
}

/** scripts/server.mjs (what `npm start` runs) with `env`; BENCH_CPU_PROF=dir profiles it. */
export function startServer(env) {
  const args = [
    ...(CPU_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${CPU_PROFILE_DIR}`, "--require", path.join(ROOT, "scripts", "bench", "exit-on-term.cjs")] : []),
    "scripts/server.mjs",
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, ...env } });
  let errors = "";
  child.stderr.on("data", (chunk) => (errors += chunk));
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", resolve);
      child.kill("SIGTERM");
    });
  return { child, stop, errors: () => errors };
}

export async function waitFor(url, server) {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (server && server.child.exitCode !== null) throw new Error(`the server exited:\n${server.errors()}`);
    const answered = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer`);
}

/** A fresh PostgreSQL database, or the reason there is none. */
export async function recreatePostgres(url) {
  const admin = new URL(url);
  const name = decodeURIComponent(admin.pathname.slice(1));
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  try {
    await client.connect();
  } catch (error) {
    return { error: `PostgreSQL does not answer at ${admin.host} (${error.message})` };
  }
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    return { error: null };
  } finally {
    await client.end();
  }
}

/**
 * Migrates `databaseUrl` and seeds it with scripts/bench/pages-seed.ts: `people` signed-in
 * Owners and `signInUsers` accounts whose password is `password`. Answers the seed file:
 * `{ cookie, cookies, signInEmails }` (`cookie` is the first Owner's session cookie).
 */
export function seedPeople(databaseUrl, workDir, serverEnv, { password, people = 1, signInUsers }) {
  migrate(databaseUrl, { quiet: true });
  const seedFile = path.join(workDir, "seed.json");
  const env = {
    ...process.env,
    ...serverEnv,
    DATABASE_URL: databaseUrl,
    BENCH_SEED_FILE: seedFile,
    BENCH_PASSWORD: password,
    BENCH_PEOPLE: String(people),
    BENCH_SIGN_IN_USERS: String(signInUsers),
  };
  const result = spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), ["--conditions=react-server", "scripts/bench/pages-seed.ts"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env,
  });
  if (result.status !== 0) throw new Error("scripts/bench/pages-seed.ts failed");
  return JSON.parse(readFileSync(seedFile, "utf8"));
}

/** A server action's id, as the built server's manifest names it: `exportedName` from a file whose path includes `file`. */
export function serverActionId(exportedName, file) {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, process.env.NEXT_DIST_DIR || ".next", "server", "server-reference-manifest.json"), "utf8"));
  const found = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === exportedName && String(entry.filename).includes(file));
  if (!found) throw new Error(`no ${exportedName} from ${file} in the server reference manifest`);
  return found[0];
}

/**
 * Posts `fields` to a server action as a form with useActionState posts them, from the page at
 * `pathname`: React's encoding of `(previousState, formData)`, the form's fields first, then the
 * arguments that refer to them ("$K1"), which the server reads as they stream in.
 */
export function postActionForm({ base, pathname, actionId, fields, headers = {} }) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.set(`_1_${name}`, value);
  body.set("0", JSON.stringify([null, "$K1"]));
  return fetch(`${base}${pathname}`, { method: "POST", headers: { "Next-Action": actionId, Origin: base, Accept: "text/x-component", ...headers }, body });
}

/** The value at percentile `p` (nearest rank) of `values`. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const ratio = (value, base) => (base ? +(value / base).toFixed(2) : null);

export function printRows(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const row of rows) console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  "));
}

/** `bench(name, databaseUrl)` on a SQLite file, then on PostgreSQL when it answers; each result printed and kept in `results.databases`. */
export async function benchBothDatabases(results, { sqliteUrl, postgresUrl, bench, print }) {
  results.databases.sqlite = await bench("SQLite", sqliteUrl);
  print("SQLite", results.databases.sqlite);
  const postgres = await recreatePostgres(postgresUrl);
  if (postgres.error) {
    console.log(`\nPostgreSQL: not measured: ${postgres.error}. Set BENCH_POSTGRES_URL to a server that answers.`);
    results.databases.postgresql = { skipped: postgres.error };
  } else {
    results.databases.postgresql = await bench("PostgreSQL", postgresUrl);
    print("PostgreSQL", results.databases.postgresql);
  }
}

/** The figures as JSON in bench/<name>, written as Prettier would so the committed file passes `prettier --check`. */
export async function writeFigures(results, name) {
  const output = path.join(ROOT, "bench", name);
  writeFileSync(output, await format(JSON.stringify(results), { ...(await resolveConfig(output)), filepath: output }));
  console.log(`\nwritten to bench/${name}`);
}

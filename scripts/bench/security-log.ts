// The security log at scale: 1,000,000 events of one person in PostgreSQL, then the first
// page and a page 900,000 rows deep, timed through the same function the page uses.
// Run by `npm run bench` (tsx with the react-server condition, so "server-only" loads).
import { performance } from "node:perf_hooks";
import pg from "pg";

const url = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/latchkey_bench";
const ROWS = Number(process.env.BENCH_LOG_ROWS ?? 1_000_000);
const SAMPLES = 200;

async function seed(): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const userId = "bench-user";
    await client.query(`DELETE FROM "AuditEvent" WHERE "userId" = $1`, [userId]);
    await client.query(`DELETE FROM "User" WHERE id = $1`, [userId]);
    await client.query(`INSERT INTO "User" (id, email, "firstName", "lastName", "updatedAt") VALUES ($1, 'bench@example.com', 'Bench', 'Mark', now())`, [userId]);
    const started = performance.now();
    await client.query(
      `INSERT INTO "AuditEvent" (id, "userId", action, "ipAddress", "userAgent", metadata, "createdAt", "updatedAt")
       SELECT 'bench-' || g, $1,
              (ARRAY['user.signed_in','user.sign_in_failed','user.signed_out','session.revoked','user.password_changed','two_factor.code_failed'])[1 + g % 6],
              '203.0.113.' || (g % 250),
              'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
              '{}', now() - make_interval(secs => g), now()
       FROM generate_series(1, $2::int) AS g`,
      [userId, ROWS],
    );
    await client.query(`ANALYZE "AuditEvent"`);
    console.log(`seeded ${ROWS} events in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return userId;
  } finally {
    await client.end();
  }
}

async function main() {
  process.env.DATABASE_URL = url;
  const { migrate } = await import("../db/migrate.mjs");
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  admin.pathname = "/postgres";
  const adminClient = new pg.Client({ connectionString: admin.toString() });
  await adminClient.connect();
  const exists = await adminClient.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
  if (exists.rowCount === 0) await adminClient.query(`CREATE DATABASE "${name}"`);
  await adminClient.end();
  migrate(url, { quiet: true });
  const userId = await seed();

  const { listSecurityEvents } = await import("../../lib/audit/queries");
  const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.floor((p / 100) * values.length)]!;
  const time = async (label: string, run: () => Promise<unknown>) => {
    for (let warm = 0; warm < 10; warm += 1) await run();
    const samples: number[] = [];
    for (let sample = 0; sample < SAMPLES; sample += 1) {
      const started = performance.now();
      await run();
      samples.push(performance.now() - started);
    }
    return { label, p50: +percentile(samples, 50).toFixed(2), p95: +percentile(samples, 95).toFixed(2), samples: SAMPLES };
  };

  // A cursor 90 % of the way into the history, found once (the page itself never uses OFFSET).
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const deep = await client.query(`SELECT id, "createdAt" FROM "AuditEvent" WHERE "userId" = $1 ORDER BY "createdAt" DESC, id DESC OFFSET $2 LIMIT 1`, [
    userId,
    Math.floor(ROWS * 0.9),
  ]);
  await client.end();
  const deepCursor = Buffer.from(`${new Date(deep.rows[0].createdAt).toISOString()}|${deep.rows[0].id}`).toString("base64url");

  const results = [
    await time("first page", () => listSecurityEvents(userId, {})),
    await time("page 900,000 rows deep", () => listSecurityEvents(userId, { cursor: deepCursor })),
    await time("first page, filtered to sign-in events", () => listSecurityEvents(userId, { type: "sign-in" })),
    await time("deep page, filtered to sign-in events", () => listSecurityEvents(userId, { type: "sign-in", cursor: deepCursor })),
  ];
  console.log(JSON.stringify({ rows: ROWS, results }, null, 2));
  const { writeFileSync } = await import("node:fs");
  writeFileSync("bench/security-log.json", `${JSON.stringify({ measuredAt: new Date().toISOString(), rows: ROWS, database: "PostgreSQL", results }, null, 2)}\n`);
  process.exit(0);
}

void main();

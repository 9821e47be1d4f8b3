// GET /readyz: whether this instance can serve. The database answers and has every migration
// this version ships applied (the folders next to prisma/<provider>/schema.prisma, which
// scripts/db/migrate.mjs applies), and Redis answers when REDIS_URL is set. Its own small
// connections, so that a probe says whether the database is reachable now, not whether the
// app's pool once was. SQLite and PostgreSQL both.
import { readdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { Redis } from "ioredis";
import pg from "pg";
import { providerOf, schemaPath } from "../../scripts/db/providers.mjs";

/** A check that takes longer than this counts as failed: a probe must answer before it times out. */
export const READINESS_CHECK_TIMEOUT_MS = 2000;

const APPLIED_MIGRATIONS = "SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations";

/** @typedef {{ migration_name: string, finished_at: unknown, rolled_back_at: unknown }} MigrationRow */
/** @typedef {{ ok: true } | { ok: false, problem: string, pending?: string[] }} CheckResult */

/**
 * The migration folders shipped with this version, oldest first.
 * @param {"sqlite" | "postgresql"} provider
 */
export function shippedMigrations(provider) {
  const dir = path.join(path.dirname(schemaPath(provider)), "migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * @template T
 * @param {Promise<T>} work
 * @returns {Promise<T>}
 */
function withTimeout(work) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${READINESS_CHECK_TIMEOUT_MS} ms`)), READINESS_CHECK_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * @param {string} databaseUrl
 * @returns {{ rows: () => Promise<MigrationRow[] | null>, close: () => Promise<void> }} rows: null when the migrations table does not exist
 */
function databaseReader(databaseUrl) {
  if (providerOf(databaseUrl) === "sqlite") {
    const file = databaseUrl.slice("file:".length).split("?")[0];
    return {
      async rows() {
        // Opened per check: cheap for a local file, and a deleted or moved file is noticed.
        const sqlite = new Database(file, { readonly: true, fileMustExist: true, timeout: READINESS_CHECK_TIMEOUT_MS });
        try {
          const table = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
          return table ? /** @type {MigrationRow[]} */ (sqlite.prepare(APPLIED_MIGRATIONS).all()) : null;
        } finally {
          sqlite.close();
        }
      },
      close: async () => {},
    };
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1, connectionTimeoutMillis: READINESS_CHECK_TIMEOUT_MS, idleTimeoutMillis: 30_000 });
  // A connection dropped while idle must not end the process; the next check reports it.
  pool.on("error", () => {});
  return {
    async rows() {
      const table = await pool.query("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present");
      if (!table.rows[0]?.present) return null;
      return (await pool.query(APPLIED_MIGRATIONS)).rows;
    },
    close: () => pool.end(),
  };
}

/**
 * @param {MigrationRow[] | null} rows
 * @param {string[]} shipped
 * @returns {CheckResult}
 */
export function migrationsCheck(rows, shipped) {
  const applied = new Set((rows ?? []).filter((row) => row.finished_at !== null && row.rolled_back_at === null).map((row) => row.migration_name));
  const failed = (rows ?? []).some((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed) return { ok: false, problem: "a migration failed: run npm run db:migrate after fixing it" };
  const pending = shipped.filter((name) => !applied.has(name));
  // Migrations newer than this version (applied by a newer instance) do not stop it from serving.
  return pending.length === 0 ? { ok: true } : { ok: false, problem: "migrations not applied: run npm run db:migrate", pending };
}

/**
 * @param {{ databaseUrl: string, redisUrl?: string }} config
 */
export function createReadinessCheck({ databaseUrl, redisUrl }) {
  const database = databaseReader(databaseUrl);
  const shipped = shippedMigrations(providerOf(databaseUrl));
  const redis = redisUrl
    ? new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: READINESS_CHECK_TIMEOUT_MS, enableOfflineQueue: false, retryStrategy: () => null })
    : null;
  // ioredis reports a refused connection as an event too; the check below reports it.
  redis?.on("error", () => {});

  /** @returns {Promise<CheckResult>} */
  async function redisCheck() {
    if (!redis) return { ok: true };
    try {
      if (redis.status !== "ready") {
        redis.disconnect();
        await withTimeout(redis.connect());
      }
      await withTimeout(redis.ping());
      return { ok: true };
    } catch {
      return { ok: false, problem: "unreachable" };
    }
  }

  /** @returns {Promise<{ database: CheckResult, migrations?: CheckResult }>} */
  async function databaseChecks() {
    try {
      const rows = await withTimeout(database.rows());
      return { database: { ok: true }, migrations: migrationsCheck(rows, shipped) };
    } catch {
      return { database: { ok: false, problem: "unreachable" } };
    }
  }

  return {
    /**
     * What /readyz answers: ready, or the name of each part that is not, with what is wrong.
     * Only fixed wording: a driver's message may name hosts, users or files.
     */
    async check() {
      const [{ database: db, migrations }, redisResult] = await Promise.all([databaseChecks(), redisCheck()]);
      /** @type {Record<string, string | { problem: string, pending?: string[] }>} */
      const checks = {};
      checks.database = db.ok ? "ok" : { problem: `Latchkey can't reach its database (${db.problem})` };
      if (migrations) checks.migrations = migrations.ok ? "ok" : { problem: migrations.problem, ...(migrations.pending ? { pending: migrations.pending } : {}) };
      if (redis) checks.redis = redisResult.ok ? "ok" : { problem: "Latchkey can't reach Redis (unreachable)" };
      const ready = Object.values(checks).every((value) => value === "ok");
      return { ready, body: { status: ready ? "ready" : "not ready", checks } };
    },
    async close() {
      await database.close();
      redis?.disconnect();
    },
  };
}

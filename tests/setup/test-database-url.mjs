import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** The integration suite's database: TEST_DATABASE_URL (PostgreSQL) or a fresh SQLite file. */
export function integrationDatabaseUrl() {
  return process.env.TEST_DATABASE_URL ?? `file:${path.join(ROOT, "tests", ".data", "integration.db")}`;
}

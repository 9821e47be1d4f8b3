import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** The integration suite's database: TEST_DATABASE_URL (PostgreSQL) or a fresh SQLite file. */
export function integrationDatabaseUrl() {
  return process.env.TEST_DATABASE_URL ?? `file:${path.join(ROOT, "tests", ".data", "integration.db")}`;
}

/**
 * A database of a test's own beside the suite's, of the same kind (for a server child process
 * the test kills or restarts): `<suite>-<name>.db`, or the PostgreSQL database `<suite>_<name>`.
 * @param {string} name lower-case letters and underscores
 */
export function separateTestDatabaseUrl(name) {
  const suite = integrationDatabaseUrl();
  if (suite.startsWith("file:")) return `file:${suite.slice("file:".length).replace(/\.db$/, "")}-${name.replaceAll("_", "-")}.db`;
  const url = new URL(suite);
  url.pathname = `${url.pathname}_${name}`;
  return url.toString();
}

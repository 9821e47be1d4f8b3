// Gives a suite an empty, migrated database: SQLite files are deleted, a PostgreSQL database
// is dropped and created again. Shared by the integration and browser suites.
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { migrate } from "../../scripts/db/migrate.mjs";

export async function resetDatabase(url) {
  if (url.startsWith("file:")) {
    const file = url.slice("file:".length);
    mkdirSync(path.dirname(file), { recursive: true });
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${file}${suffix}`, { force: true });
  } else {
    const target = new URL(url);
    const name = decodeURIComponent(target.pathname.slice(1));
    if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Refusing to reset database "${name}": use a name of [a-z0-9_]`);
    const admin = new URL(url);
    admin.pathname = "/postgres";
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${name}"`);
    } finally {
      await client.end();
    }
  }
  migrate(url, { quiet: true });
}

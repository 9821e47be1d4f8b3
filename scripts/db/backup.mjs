// npm run backup: a consistent copy of the SQLite database, taken with SQLite's online backup
// API while Latchkey keeps serving, into data/backups/ (or BACKUP_DIR), named
// with the UTC time it was taken. On PostgreSQL it says to use pg_dump (README, "Backups").
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { DEFAULT_SQLITE_URL, ROOT, providerOf } from "./providers.mjs";

export const BACKUP_DIR = process.env.BACKUP_DIR ? path.resolve(process.env.BACKUP_DIR) : path.join(ROOT, "data", "backups");

/**
 * `latchkey-2026-11-27T22-50-01Z.db` in `dir`: sorts by time, has no colon (not allowed in
 * Windows file names), and never names a file that exists (two copies in one second).
 */
export function backupFilePath(dir, { label = "latchkey", date = new Date() } = {}) {
  const stamp = date
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replaceAll(":", "-");
  for (let copy = 1; ; copy += 1) {
    const file = path.join(dir, `${label}-${stamp}${copy > 1 ? `-${copy}` : ""}.db`);
    if (!existsSync(file) && !existsSync(`${file}.partial`)) return file;
  }
}

/** Fails when the file is not a readable SQLite database of Latchkey's. */
export function assertLatchkeyDatabase(file) {
  const copy = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const check = copy.pragma("quick_check", { simple: true });
    if (check !== "ok") throw new Error(`${file} is damaged: ${check}`);
    const migrations = copy.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!migrations) throw new Error(`${file} is not a Latchkey database (it has no _prisma_migrations table)`);
  } finally {
    copy.close();
  }
}

/**
 * Copies the SQLite database at `url` into `dir` and returns the copy's path. The copy is made in
 * one step, inside one read transaction: with write-ahead logging Latchkey keeps writing
 * meanwhile, and the copy is the database as it was when the step began (a copy made in
 * several steps would restart at each write from another process).
 */
export async function backupSqlite(url, dir = BACKUP_DIR, { label = "latchkey" } = {}) {
  mkdirSync(dir, { recursive: true });
  const target = backupFilePath(dir, { label });
  const partial = `${target}.partial`;
  const source = new Database(url.slice("file:".length), { fileMustExist: true });
  try {
    // The most pages better-sqlite3 takes per step: the whole file at once.
    await source.backup(partial, { progress: () => 0x7fffffff });
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    source.close();
  }
  // One self-contained file: the copy keeps the source's write-ahead-log mode, which would make
  // every opening of it leave -wal and -shm files beside it.
  const copy = new Database(partial);
  copy.pragma("journal_mode = DELETE");
  copy.close();
  assertLatchkeyDatabase(partial);
  // Only a finished, checked copy gets the name a restore looks for.
  renameSync(partial, target);
  return target;
}

async function main() {
  const url = process.env.DATABASE_URL || DEFAULT_SQLITE_URL;
  if (providerOf(url) === "postgresql") {
    console.error(
      "latchkey backup: DATABASE_URL is a PostgreSQL database: back it up with pg_dump, e.g.\n" +
        '  pg_dump --format=custom --file="latchkey-$(date -u +%Y-%m-%dT%H-%M-%SZ).dump" "$DATABASE_URL"\n' +
        "and keep ENCRYPTION_KEY and AUTH_SECRET with it (README, Backups).",
    );
    process.exit(1);
  }
  const file = await backupSqlite(url);
  console.log(`latchkey backup: wrote ${path.relative(process.cwd(), file) || file}`);
  console.log(
    "latchkey backup: keep ENCRYPTION_KEY and AUTH_SECRET (your environment, or data/secrets.json when Latchkey generated them) " +
      "somewhere else that is safe: without ENCRYPTION_KEY this copy's two-factor secrets and revealable API keys cannot be read.",
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(`latchkey backup: failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}

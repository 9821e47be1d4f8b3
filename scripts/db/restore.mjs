// npm run restore -- <file>: puts a copy made by `npm run backup` back as the SQLite database.
// Refused while any process holds the database open (Latchkey, a second instance, a sqlite3
// shell): a running server would keep writing to the replaced file
// (docs/decisions/0020-backups-and-restore.md). The database it replaces is kept in
// data/backups/ (or BACKUP_DIR) first.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, readlinkSync, realpathSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { assertLatchkeyDatabase, backupSqlite, BACKUP_DIR } from "./backup.mjs";
import { DEFAULT_SQLITE_URL, providerOf } from "./providers.mjs";

const SQLITE_COMPANIONS = ["-wal", "-shm", "-journal"];

/**
 * The ids of the processes other than this one that have `file` (or its -wal/-shm) open: from
 * /proc on Linux, from lsof elsewhere. Reading who holds the file needs nothing from the
 * server and stays true after a crash, unlike a pid file a killed server leaves behind.
 */
export function processesHolding(file) {
  const names = new Set([file, ...SQLITE_COMPANIONS.map((suffix) => `${file}${suffix}`)].filter(existsSync).map((name) => realpathSync(name)));
  if (names.size === 0) return [];
  if (existsSync("/proc/self/fd")) {
    const holders = [];
    for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)) {
      let descriptors;
      try {
        descriptors = readdirSync(`/proc/${pid}/fd`);
      } catch {
        continue; // ended meanwhile
      }
      const holds = descriptors.some((fd) => {
        try {
          return names.has(readlinkSync(`/proc/${pid}/fd/${fd}`));
        } catch {
          return false;
        }
      });
      if (holds) holders.push(Number(pid));
    }
    return holders;
  }
  try {
    const output = execFileSync("lsof", ["-t", ...names], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return output
      .split("\n")
      .filter(Boolean)
      .map(Number)
      .filter((pid) => pid !== process.pid);
  } catch (error) {
    // lsof exits 1 when no process holds the files.
    if (error && typeof error === "object" && "status" in error && error.status === 1) return [];
    throw new Error("cannot tell whether Latchkey is running (no /proc and no lsof): stop it and install lsof, then try again");
  }
}

/**
 * Replaces the SQLite database at `url` with `backupFile`. Throws when a process holds the
 * database open. Returns where the replaced database was kept (null when there was none).
 */
export async function restoreSqlite(url, backupFile, backupDir = BACKUP_DIR) {
  const database = path.resolve(url.slice("file:".length));
  assertLatchkeyDatabase(backupFile);
  const holders = processesHolding(database);
  if (holders.length > 0) {
    throw new Error(`Latchkey is running (process ${holders.join(", ")} has ${database} open): stop it, then restore.`);
  }
  // The current database, with what its -wal holds, is kept before anything is replaced.
  const kept = existsSync(database) ? await backupSqlite(url, backupDir, { label: "latchkey-before-restore" }) : null;
  const incoming = `${database}.restoring`;
  copyFileSync(backupFile, incoming);
  // A -wal left beside the restored file would be replayed into it: they go first.
  for (const suffix of SQLITE_COMPANIONS) rmSync(`${database}${suffix}`, { force: true });
  renameSync(incoming, database);
  return kept;
}

async function main() {
  const url = process.env.DATABASE_URL || DEFAULT_SQLITE_URL;
  const file = process.argv[2];
  if (providerOf(url) === "postgresql") {
    console.error(
      'latchkey restore: DATABASE_URL is a PostgreSQL database: restore a pg_dump with pg_restore, e.g.\n  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" latchkey-….dump',
    );
    process.exit(1);
  }
  if (!file) {
    console.error("latchkey restore: name the backup to restore: npm run restore -- data/backups/latchkey-….db");
    process.exit(1);
  }
  const kept = await restoreSqlite(url, path.resolve(file));
  if (kept) console.log(`latchkey restore: the database it replaced is kept as ${path.relative(process.cwd(), kept) || kept}`);
  console.log(`latchkey restore: restored ${file}. Start Latchkey with the ENCRYPTION_KEY and AUTH_SECRET of the backup's time; npm start applies newer migrations.`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(`latchkey restore: refused: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}

import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { getConfig } from "@/lib/config/env";
import { reportDatabaseOutages } from "./database-unavailable";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { serializeSqlite } from "./sqlite-serialize";

/**
 * Both generated clients have the same models (one source schema), so the SQLite client's
 * type describes either. Only features common to both providers may be used.
 */
export type Db = SqliteClient;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

function createClient(url: string): Db {
  if (url.startsWith("file:")) {
    const client = new SqliteClient({
      adapter: new PrismaBetterSQLite3({ url, timeout: 10_000 }),
    });
    // Write-ahead logging: readers never wait for a writer, and another process can read.
    void client
      .$queryRawUnsafe("PRAGMA journal_mode = WAL")
      .catch(() => undefined);
    return reportDatabaseOutages(serializeSqlite(client));
  }
  return reportDatabaseOutages(
    new PostgresClient({
      adapter: new PrismaPg({ connectionString: url }),
    }) as unknown as Db,
  );
}

const globalForDb = globalThis as unknown as { latchkeyDb?: Db };

export const db: Db = (globalForDb.latchkeyDb ??= createClient(
  getConfig().DATABASE_URL,
));

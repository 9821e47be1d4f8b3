import "server-only";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { getConfig } from "@/lib/config/env";
import { reportDatabaseOutages } from "./database-unavailable";
import { metrics } from "@/lib/operations/metrics.mjs";
import { onShutdown } from "@/lib/operations/shutdown.mjs";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { serializeSqlite } from "./sqlite-serialize";

/**
 * Both generated clients have the same models (one source schema), so the SQLite client's
 * type describes either. Only features common to both providers may be used.
 */
export type Db = SqliteClient;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * Every operation's time in latchkey_db_query_duration_seconds (the query itself: on SQLite the
 * wait for its turn comes after, in serializeSqlite). Both clients take the same extension.
 */
function timed<Client extends Db>(client: Client): Db {
  return client.$extends({
    query: {
      async $allOperations({ model, operation, args, query }) {
        const end = metrics.dbQueryDuration.startTimer({ model: model ?? "raw", operation });
        try {
          return await query(args);
        } finally {
          end();
        }
      },
    },
  }) as unknown as Db;
}

function createClient(url: string): Db {
  if (url.startsWith("file:")) {
    const client = timed(new SqliteClient({ adapter: new PrismaBetterSqlite3({ url, timeout: 10_000 }) }));
    // Write-ahead logging: readers never wait for a writer, and another process can read.
    void client.$queryRawUnsafe("PRAGMA journal_mode = WAL").catch(() => undefined);
    return reportDatabaseOutages(serializeSqlite(client));
  }
  return reportDatabaseOutages(timed(new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db));
}

const globalForDb = globalThis as unknown as { latchkeyDb?: Db };

export const db: Db = (globalForDb.latchkeyDb ??= createClient(getConfig().DATABASE_URL));

// Closed last, after the buffered writes were flushed (scripts/server.mjs on SIGTERM).
onShutdown("close", "database", () => db.$disconnect());

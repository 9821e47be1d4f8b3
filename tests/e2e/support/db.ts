// A Prisma client on the server's database, for builders and for asserting outcomes. Each
// worker opens its own, on the URL it is given, rather than lib/db/client.ts's process-wide one;
// it is built the same way from the generated classes.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { PrismaClient } from "../../../lib/db/generated/sqlite/client";
// Not `generated/*/client`: that file sets __dirname from `import.meta.url`, which cannot run
// in the CommonJS that Playwright compiles tests to. It only wraps getPrismaClientClass.
import { getPrismaClientClass as postgresClientClass } from "../../../lib/db/generated/postgresql/internal/class";
import { getPrismaClientClass as sqliteClientClass } from "../../../lib/db/generated/sqlite/internal/class";
import { e2eDatabaseUrl } from "./env";

/** Both generated clients have the same models; the SQLite type describes either (as in lib/db). */
export type Db = PrismaClient;

export function createTestDb(url: string = e2eDatabaseUrl()): Db {
  if (url.startsWith("file:")) {
    const SqliteClient = sqliteClientClass();
    // The server writes to the same file: wait for its locks instead of failing with SQLITE_BUSY.
    return new SqliteClient({ adapter: new PrismaBetterSqlite3({ url, timeout: 10_000 }) });
  }
  const PostgresClient = postgresClientClass();
  return new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db;
}

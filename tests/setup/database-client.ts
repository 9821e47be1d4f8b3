// A Prisma client of its own for a test's separate database (a throwaway cluster, a file a
// server child process uses), to read what the server wrote.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { Db } from "@/lib/db/client";
import { PrismaClient as PostgresClient } from "@/lib/db/generated/postgresql/client";
import { PrismaClient as SqliteClient } from "@/lib/db/generated/sqlite/client";

export function databaseClient(url: string): Db {
  if (url.startsWith("file:")) return new SqliteClient({ adapter: new PrismaBetterSqlite3({ url }) });
  return new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db;
}

import "server-only";
import { Prisma } from "./generated/sqlite/client";
import type { Db, Tx } from "./client";

// Many rows in one INSERT that Prisma does not compile (docs/decisions/0031-plain-sql-on-hot-paths.md):
// on the notification queue's hot path, Prisma 6.19's createMany spent about a millisecond
// compiling and interpreting each call, more than the database spends on the rows. Prisma 7
// caches plans by the query's shape, and a batch's shape changes with its number of rows.

/** The tables written this way, with the rows Prisma's createMany would take. */
type Insertable = {
  Notification: Prisma.NotificationCreateManyInput;
  Job: Prisma.JobCreateManyInput;
  WebhookDelivery: Prisma.WebhookDeliveryCreateManyInput;
  WebhookAttempt: Prisma.WebhookAttemptCreateManyInput;
  NotificationDelivery: Prisma.NotificationDeliveryCreateManyInput;
};

/**
 * Columns whose default Prisma fills in on the client (@default(cuid()), @default(now()),
 * @updatedAt): a plain INSERT must give them. The database's own CURRENT_TIMESTAMP would be
 * another text format on SQLite, and compare wrongly with the dates Prisma writes.
 */
type ClientDefaults = "id" | "createdAt" | "updatedAt" | "runAt" | "at";
type CompleteRow<Row> = Row & Required<Pick<Row, Extract<keyof Row, ClientDefaults>>>;

/** Below SQLite's and PostgreSQL's limits on the parameters of one statement. */
const MAX_PARAMETERS = 30_000;

/**
 * Inserts `rows` into `table` in as few statements as the parameter limit allows. Every row
 * names the same columns.
 */
export async function insertRows<Table extends keyof Insertable>(client: Db | Tx, table: Table, rows: readonly CompleteRow<Insertable[Table]>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  for (const row of rows) {
    if (Object.keys(row).length !== columns.length || !columns.every((column) => column in row)) throw new Error(`Every row inserted into ${table} must name the same columns.`);
  }
  // Names come from the types above, never from input; values are parameters.
  const into = Prisma.raw(`"${table}" (${columns.map((column) => `"${column}"`).join(", ")})`);
  const rowsPerStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const values = rows
      .slice(start, start + rowsPerStatement)
      .map((row) => Prisma.sql`(${Prisma.join(columns.map((column) => (row as Record<string, unknown>)[column] ?? null))})`);
    await client.$executeRaw`INSERT INTO ${into} VALUES ${Prisma.join(values)}`;
  }
}

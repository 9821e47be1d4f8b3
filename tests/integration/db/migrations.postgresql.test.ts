// Runs only in the PostgreSQL suite (TEST_DATABASE_URL set): see vitest.config.ts.
import pg from "pg";
import { describe, expect, test } from "vitest";
import { migrate } from "../../../scripts/db/migrate.mjs";
import { integrationDatabaseUrl } from "../../setup/test-database-url.mjs";
import { schemaSqlFromEmpty } from "./schema-sql";

const suiteUrl = integrationDatabaseUrl();

describe("PostgreSQL migrations", () => {
  async function withDatabase<T>(name: string, use: (client: pg.Client, url: string) => Promise<T>): Promise<T> {
    const admin = new URL(suiteUrl);
    admin.pathname = "/postgres";
    const adminClient = new pg.Client({ connectionString: admin.toString() });
    await adminClient.connect();
    await adminClient.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await adminClient.query(`CREATE DATABASE "${name}"`);
    const url = new URL(suiteUrl);
    url.pathname = `/${name}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      return await use(client, url.toString());
    } finally {
      await client.end();
      await adminClient.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await adminClient.end();
    }
  }

  async function structure(client: pg.Client) {
    const columns = await client.query(
      `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name NOT LIKE '_prisma%' ORDER BY table_name, column_name`,
    );
    const indexes = await client.query(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '_prisma%' ORDER BY indexname`);
    const constraints = await client.query(
      `SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint
       WHERE connamespace = 'public'::regnamespace AND conname NOT LIKE '_prisma%' ORDER BY conname`,
    );
    return { columns: columns.rows, indexes: indexes.rows, constraints: constraints.rows };
  }

  test("applied to an empty database, they build the schema", async () => {
    const migrated = await withDatabase("latchkey_drift_migrated", async (client, url) => {
      migrate(url, { quiet: true });
      return structure(client);
    });
    const expected = await withDatabase("latchkey_drift_expected", async (client, url) => {
      await client.query(schemaSqlFromEmpty("postgresql", url));
      return structure(client);
    });
    expect(migrated).toEqual(expected);
    expect(migrated.columns.length).toBeGreaterThan(0);
  });
});

// The migration history of each provider must build exactly the schema generated from
// prisma/models.prisma (the one source of truth), and the per-provider schema files must
// be up to date with it.
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, test } from "vitest";
import { PROVIDERS, buildSchema, schemaPath } from "../../../scripts/db/providers.mjs";
import { migrate } from "../../../scripts/db/migrate.mjs";
import { schemaSqlFromEmpty } from "./schema-sql";

describe("schema sources", () => {
  test.each(PROVIDERS)("prisma/%s/schema.prisma is generated from prisma/models.prisma (run npm run db:new-migration)", (provider) => {
    expect(readFileSync(schemaPath(provider), "utf8")).toBe(buildSchema(provider));
  });
});

describe("SQLite migrations", () => {
  test("applied to an empty database, they build the schema", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "latchkey-drift-"));
    const migrated = path.join(dir, "migrated.db");
    const expected = path.join(dir, "expected.db");
    migrate(`file:${migrated}`, { quiet: true });
    const fromSchema = new Database(expected);
    fromSchema.exec(schemaSqlFromEmpty("sqlite", `file:${path.join(dir, "placeholder.db")}`));
    fromSchema.close();

    // Compared through PRAGMAs, not SQL text: ALTER TABLE ADD COLUMN and CREATE TABLE
    // describe the same table in different words.
    const structure = (file: string) => {
      const database = new Database(file, { readonly: true });
      const tables = database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '_prisma%' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
        name: string;
      }[];
      const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
      const result = tables.map(({ name }) => ({
        name,
        columns: (database.pragma(`table_info("${name}")`) as { name: string }[]).map(({ cid: _cid, ...column }: { name: string; cid?: number }) => column).sort(byName),
        indexes: (database.pragma(`index_list("${name}")`) as { name: string }[])
          // Index columns by name: a column added by ALTER TABLE sits last in its table, so its cid differs.
          .map(({ seq: _seq, ...index }: { name: string; seq?: number }) => ({
            ...index,
            columns: (database.pragma(`index_info("${index.name}")`) as { name: string; seqno: number }[]).map(({ name: column, seqno }) => ({ name: column, seqno })),
          }))
          .sort(byName),
        foreignKeys: (database.pragma(`foreign_key_list("${name}")`) as { table: string; from: string }[])
          .map(({ id: _id, seq: _seq, ...key }: { table: string; from: string; id?: number; seq?: number }) => key)
          .sort((a, b) => `${a.table}.${a.from}`.localeCompare(`${b.table}.${b.from}`)),
      }));
      database.close();
      return result;
    };
    expect(structure(migrated)).toEqual(structure(expected));
    expect(structure(migrated).length).toBeGreaterThan(0);
  });
});

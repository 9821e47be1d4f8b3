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

    const structure = (file: string) => {
      const database = new Database(file, { readonly: true });
      const rows = database
        .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE '_prisma%' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .all();
      database.close();
      return rows;
    };
    expect(structure(migrated)).toEqual(structure(expected));
    expect(structure(migrated).length).toBeGreaterThan(0);
  });
});

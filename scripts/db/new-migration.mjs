// Creates a migration for both providers from the change to prisma/models.prisma.
// Usage: npm run db:new-migration -- add_api_keys
// The Prisma JS schema engine cannot diff against a database (no shadow database), so the
// SQL is the diff between the last migrated schema (committed) and the newly built one.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PLACEHOLDER_URLS, PROVIDERS, ROOT, buildSchema, migrateCli, schemaPath } from "./providers.mjs";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run db:new-migration -- <name_in_snake_case>");
  process.exit(1);
}
// The JS schema engine opens a connection through the adapter even for a pure diff; on
// PostgreSQL it needs a server (nothing is written to it).
const DIFF_URLS = {
  sqlite: PLACEHOLDER_URLS.sqlite,
  postgresql: process.env.MIGRATION_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
};
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const tmp = mkdtempSync(path.join(os.tmpdir(), "latchkey-migration-"));

for (const provider of PROVIDERS) {
  const next = buildSchema(provider);
  const previousPath = schemaPath(provider);
  const previous = existsSync(previousPath) ? readFileSync(previousPath, "utf8") : null;
  if (previous === next) {
    console.log(`${provider}: no change`);
    continue;
  }
  // The CLI needs the configured schema file to exist, so the new one takes its place first.
  const previousCopy = path.join(tmp, `${provider}.prisma`);
  if (previous !== null) writeFileSync(previousCopy, previous);
  mkdirSync(path.dirname(previousPath), { recursive: true });
  writeFileSync(previousPath, next);
  const from = previous === null ? ["--from-empty"] : ["--from-schema-datamodel", previousCopy];
  const sql = execFileSync(process.execPath, [migrateCli(), "migrate", "diff", ...from, "--to-schema-datamodel", previousPath, "--script"], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: DIFF_URLS[provider], PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
  const dir = path.join(ROOT, "prisma", provider, "migrations", `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), sql);
  const lock = path.join(ROOT, "prisma", provider, "migrations", "migration_lock.toml");
  if (!existsSync(lock)) writeFileSync(lock, `provider = "${provider}"\n`);
  console.log(`${provider}: wrote ${path.relative(ROOT, dir)}/migration.sql`);
}

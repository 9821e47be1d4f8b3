// Applies the migrations of the provider that DATABASE_URL names (SQLite in data/ by default).
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { DEFAULT_SQLITE_URL, ROOT, migrateCli, providerOf, schemaPath } from "./providers.mjs";

export function migrate(url = process.env.DATABASE_URL || DEFAULT_SQLITE_URL, { quiet = false } = {}) {
  const provider = providerOf(url);
  if (provider === "sqlite") mkdirSync(path.dirname(url.slice("file:".length)), { recursive: true });
  execFileSync(process.execPath, [migrateCli(), "migrate", "deploy", "--schema", schemaPath(provider)], {
    cwd: ROOT,
    stdio: ["ignore", quiet ? "ignore" : "inherit", "inherit"],
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
}

if (import.meta.main ?? process.argv[1] === import.meta.filename) migrate();

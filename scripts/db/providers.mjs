// Shared by the database scripts: which provider a URL means, and the per-provider schema
// built from prisma/models.prisma (the one source of truth).
import { readFileSync } from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const PROVIDERS = ["sqlite", "postgresql"];
export const DEFAULT_SQLITE_URL = `file:${path.join(ROOT, "data", "latchkey.db")}`;

/** A URL the Prisma CLI accepts where it needs one but contacts no server (a SQLite diff). */
export const PLACEHOLDER_URLS = {
  sqlite: "file:./placeholder.db",
  postgresql: "postgresql://latchkey:latchkey@127.0.0.1:1/none",
};

export function providerOf(url) {
  if (url.startsWith("file:")) return "sqlite";
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return "postgresql";
  throw new Error(`DATABASE_URL must start with file:, postgres:// or postgresql:// (got "${url.split(":")[0]}:")`);
}

export function schemaPath(provider) {
  return path.join(ROOT, "prisma", provider, "schema.prisma");
}

export function buildSchema(provider) {
  const models = readFileSync(path.join(ROOT, "prisma", "models.prisma"), "utf8");
  return `// Generated from prisma/models.prisma by scripts/db/new-migration.mjs. Do not edit.

generator client {
  provider   = "prisma-client"
  output     = "../../lib/db/generated/${provider}"
  engineType = "client"
}

datasource db {
  provider = "${provider}"
  url      = env("DATABASE_URL")
}

${models}`;
}

/**
 * Prisma 6.19's CLI, for migrations: it carries a WebAssembly schema engine, where Prisma 7's
 * CLI downloads a native one (decision 0032). Run with `node`, since `.bin/prisma` may be either.
 */
export function migrateCli() {
  return path.join(ROOT, "node_modules", "prisma", "build", "index.js");
}

/** Prisma 7's CLI (the package alias prisma-client-generator), for `generate` only. */
export function generatorCli() {
  return path.join(ROOT, "node_modules", "prisma-client-generator", "build", "index.js");
}

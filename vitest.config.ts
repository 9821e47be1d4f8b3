import path from "node:path";
import { defineConfig } from "vitest/config";
import { integrationDatabaseUrl } from "./tests/setup/test-database-url.mjs";

const root = import.meta.dirname;
// Integration suites run against a real database: a fresh SQLite file by default, the
// PostgreSQL database named by TEST_DATABASE_URL when given (it is dropped and recreated).
const databaseUrl = integrationDatabaseUrl();

const shared = {
  resolve: {
    alias: {
      "@": root,
      // "server-only" throws outside Next.js's server bundles; the guard is Next.js's job.
      "server-only": path.join(root, "tests", "setup", "empty-module.ts"),
    },
  },
};

export default defineConfig({
  test: {
    projects: [
      { ...shared, test: { name: "unit", include: ["lib/**/*.test.ts"], environment: "node" } },
      {
        ...shared,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          // *.postgresql.test.ts need a PostgreSQL server: they run in the PostgreSQL suite;
          // *.sqlite.test.ts test what exists only on SQLite (backups): they run in the SQLite suite.
          exclude: databaseUrl.startsWith("file:") ? ["tests/integration/**/*.postgresql.test.ts"] : ["tests/integration/**/*.sqlite.test.ts"],
          environment: "node",
          // next-auth imports "next/server" without an extension, which only Vite resolves.
          server: { deps: { inline: ["next-auth"] } },
          globalSetup: ["tests/setup/integration-database.ts"],
          // Date is the test clock: tests move it forward instead of waiting (decision 0011).
          setupFiles: ["tests/setup/test-clock.ts"],
          // One database for the suite: files run one after another, tests use unique data.
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          env: {
            DATABASE_URL: databaseUrl,
            AUTH_SECRET: "integration-test-secret-0123456789abcdef",
            ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
            APP_URL: "http://localhost:3000",
          },
        },
      },
    ],
  },
});

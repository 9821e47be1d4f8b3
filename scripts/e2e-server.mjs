// The server the browser suite runs against (playwright.config.ts `webServer`): an empty,
// migrated database, then the production build (`next build` ran before) on port 3100.
// Database: TEST_DATABASE_URL (a PostgreSQL database, dropped and created again) or a fresh
// SQLite file. The secrets are fixed test values shared with the fixtures through
// tests/e2e/support/env.json, so the fixtures can seal session cookies the server accepts.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { resetDatabase } from "../tests/setup/reset-database.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const env = JSON.parse(readFileSync(path.join(ROOT, "tests", "e2e", "support", "env.json"), "utf8"));
// E2E_PORT runs a second suite beside the first, with its own SQLite file (tests/e2e/support/env.ts).
const port = Number(process.env.E2E_PORT || env.port);
const sqliteFile = env.sqliteFile.replace(".db", port === env.port ? ".db" : `-${port}.db`);
const databaseUrl = process.env.TEST_DATABASE_URL || `file:${path.join(ROOT, sqliteFile)}`;

// next.config.ts reads NEXT_DIST_DIR too, so the server below serves the same build.
if (!existsSync(path.join(ROOT, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID"))) {
  console.error("latchkey e2e: no production build; run `npx next build` (npm test does it for you)");
  process.exit(1);
}

// Deletes the SQLite file with its -wal/-shm/-journal, or drops and creates the PostgreSQL
// database, then applies the migrations (scripts/db/migrate.mjs).
await resetDatabase(databaseUrl);

// The same server `npm start` runs (it fixes the client address before Next.js sees it).
const server = spawn(process.execPath, [path.join(ROOT, "scripts", "server.mjs")], {
  cwd: ROOT,
  stdio: "inherit",
  env: {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    APP_URL: `http://localhost:${port}`,
    PORT: String(port),
    AUTH_SECRET: env.authSecret,
    ENCRYPTION_KEY: env.encryptionKey,
    // The specs expect the default policy's checklist, whatever the developer's shell says.
    PASSWORD_POLICY: "classic",
    TRUST_PROXY: "false",
    // Every test browser shares one loopback address: sign-up and sign-in budgets per IP
    // are multiplied so the suite is not throttled. The account lockout is not scaled.
    RATE_LIMIT_SCALE: "50",
    NEXT_TELEMETRY_DISABLED: "1",
    // The specs move the server's clock forward (GET/POST /__test__/clock) instead of waiting
    // for a TOTP step to pass (scripts/lib/test-clock.mjs).
    LATCHKEY_TEST_CLOCK: "true",
    // The specs' webhook receivers listen on 127.0.0.1 (docs/decisions/0024-webhook-destinations.md).
    WEBHOOKS_ALLOW_LOOPBACK: "true",
  },
});

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => server.kill(signal));
}
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

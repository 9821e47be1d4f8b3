// The values the browser suite shares with the server it starts (scripts/e2e-server.mjs reads
// the same env.json): the fixtures seal session cookies with AUTH_SECRET and write to the
// server's database.
import path from "node:path";
import { isSecureAppUrl, sessionCookieNameFor } from "../../../lib/config/app-url";
import env from "./env.json";

const ROOT = path.resolve(__dirname, "../../..");

/** E2E_PORT runs a second suite beside the first (its own server, database file and build). */
export const E2E_PORT = Number(process.env.E2E_PORT || env.port);
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
export const E2E_AUTH_SECRET = env.authSecret;

/** The cookie the app uses over plain http; Auth.js uses it as the JWT salt. */
export const SESSION_COOKIE = sessionCookieNameFor(isSecureAppUrl(E2E_BASE_URL));

/** The half-signed-in state between password and second factor (lib/auth/pending-cookie.ts, plain http). */
export const PENDING_SIGN_IN_COOKIE = "latchkey.pending";

/** TEST_DATABASE_URL (PostgreSQL, recreated by the server script) or a fresh SQLite file. */
export function e2eDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL || `file:${path.join(ROOT, env.sqliteFile.replace(".db", E2E_PORT === env.port ? ".db" : `-${E2E_PORT}.db`))}`;
}

/**
 * What every server of the suite shares with the one scripts/e2e-server.mjs starts (database and
 * secrets), for the lib/ code the builders call (support/lib-env.ts) and for extra instances.
 */
export const E2E_APP_ENV = {
  DATABASE_URL: e2eDatabaseUrl(),
  AUTH_SECRET: env.authSecret,
  ENCRYPTION_KEY: env.encryptionKey,
  PASSWORD_POLICY: "classic",
};

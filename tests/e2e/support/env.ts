// The values the browser suite shares with the server it starts (scripts/e2e-server.mjs reads
// the same env.json): the fixtures seal session cookies with AUTH_SECRET and write to the
// server's database.
import path from "node:path";
import env from "./env.json";

const ROOT = path.resolve(__dirname, "../../..");

export const E2E_PORT = env.port;
export const E2E_BASE_URL = env.baseURL;
export const E2E_AUTH_SECRET = env.authSecret;

/** The cookie the app uses over plain http (lib/config/app-url.ts); Auth.js uses it as the JWT salt. */
export const SESSION_COOKIE = "latchkey.session";

/** TEST_DATABASE_URL (PostgreSQL, recreated by the server script) or a fresh SQLite file. */
export function e2eDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL || `file:${path.join(ROOT, env.sqliteFile)}`;
}

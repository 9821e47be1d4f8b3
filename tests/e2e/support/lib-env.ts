// The builders call lib/ functions, which read their configuration from process.env through
// lib/config/env.ts: give them the server's. Imported before any lib/ module.
import { E2E_APP_ENV, E2E_BASE_URL } from "./env";

Object.assign(process.env, E2E_APP_ENV, { APP_URL: E2E_BASE_URL });

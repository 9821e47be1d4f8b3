// First: lets the builders' lib/ imports load in Playwright's Node (runner and every worker).
import "./tests/e2e/support/node-resolution";
import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";
import { E2E_BASE_URL } from "./tests/e2e/support/env";

/**
 * The system Chromium (CHROMIUM_PATH, else /usr/bin/chromium when present): offline machines
 * cannot download Playwright's. CHROMIUM_PATH="" means "use Playwright's own browser".
 */
function chromiumExecutable(): string | undefined {
  const configured = process.env.CHROMIUM_PATH;
  if (configured === "") return undefined;
  if (configured) return configured;
  return existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;
}

export default defineConfig({
  testDir: "tests/e2e",
  // *.postgresql.spec.ts need a PostgreSQL server (two app instances on one database).
  testIgnore: process.env.TEST_DATABASE_URL ? [] : ["**/*.postgresql.spec.ts"],
  // Two cores: two browsers plus the server is the most this machine does well.
  workers: 2,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: "list",
  // A slow or busy machine runs the longest specs (several pages, axe scans) near 30 s.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: E2E_BASE_URL,
    browserName: "chromium",
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: chromiumExecutable(),
      // Without the background-networking flags Chromium keeps dialing out on a closed network.
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `${E2E_BASE_URL}/login`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});

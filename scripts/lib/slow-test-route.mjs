// A request that takes as long as a test asks (GET /__test__/slow?ms=1500), for the test that
// shuts the server down while a request is running. Only with LATCHKEY_TEST_SLOW_ROUTE=true and a
// loopback APP_URL, like the test clock (scripts/lib/test-clock.mjs); never loaded otherwise.
import { isLoopbackUrl } from "../../lib/http/incoming-request.mjs";
import { logger } from "../../lib/operations/logger.mjs";

export const SLOW_TEST_ROUTE_PATH = "/__test__/slow";
const MAX_DELAY_MS = 15_000;

/**
 * @returns {(request: import("node:http").IncomingMessage, response: import("node:http").ServerResponse) => boolean}
 */
export function startSlowTestRoute(appUrl = process.env.APP_URL ?? "") {
  if (!appUrl || !isLoopbackUrl(appUrl)) {
    throw new Error(`latchkey: LATCHKEY_TEST_SLOW_ROUTE=true is for the test suites only and needs a loopback APP_URL (got "${appUrl}"). Unset LATCHKEY_TEST_SLOW_ROUTE.`);
  }
  logger.info(`latchkey: slow test route on (LATCHKEY_TEST_SLOW_ROUTE=true): GET ${SLOW_TEST_ROUTE_PATH}?ms=…`);
  return function handleSlowTestRoute(request, response) {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname !== SLOW_TEST_ROUTE_PATH) return false;
    const ms = Math.min(Math.max(Number(url.searchParams.get("ms")) || 0, 0), MAX_DELAY_MS);
    // The status line goes out at once, so a test knows the request is in flight.
    response.writeHead(200, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
    response.flushHeaders();
    setTimeout(() => response.end(`waited ${ms} ms\n`), ms);
    return true;
  };
}

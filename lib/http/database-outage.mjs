// A request that failed because the database could not be reached is answered 503 with
// Retry-After, not 500: Next.js gives every page or server action that threw a 500, and
// error.tsx cannot set a status. lib/db marks the request when it sees such a failure, and
// scripts/server.mjs, which wraps every request here, turns the 500 into a 503.
// Plain JavaScript so that scripts/server.mjs imports it without a build. The store lives on
// globalThis: Next.js's server bundle, the REST API bundle and scripts/server.mjs each load
// their own copy of this module, and all must share one.
// No "server-only" marker: scripts/server.mjs runs outside Next.js.
import { AsyncLocalStorage } from "node:async_hooks";

/** How long a client is asked to wait before trying again while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 10;

const STORE = Symbol.for("latchkey.databaseOutage");

/** @returns {AsyncLocalStorage<{ databaseUnavailable: boolean }>} */
function outageStore() {
  const holder = /** @type {Record<symbol, AsyncLocalStorage<{ databaseUnavailable: boolean }> | undefined>} */ (/** @type {unknown} */ (globalThis));
  return (holder[STORE] ??= new AsyncLocalStorage());
}

/** Notes that the request being served failed to reach the database (no-op outside a request). */
export function markDatabaseUnavailable() {
  const state = outageStore().getStore();
  if (state) state.databaseUnavailable = true;
}

/**
 * Serves a request with `handle`; if the database could not be reached while it ran and the
 * answer is a server error, the status becomes 503 with Retry-After. Answers that went well
 * despite a failed query (a limit counted in memory meanwhile) keep theirs.
 * @param {import("node:http").IncomingMessage} request
 * @param {import("node:http").ServerResponse} response
 * @param {(request: import("node:http").IncomingMessage, response: import("node:http").ServerResponse) => unknown} handle
 */
export function serveWithDatabaseOutageStatus(request, response, handle) {
  const state = { databaseUnavailable: false };
  const writeHead = response.writeHead;
  // Node calls writeHead for implicit headers too (the first write or end), so this sees every status.
  response.writeHead = /** @type {typeof response.writeHead} */ (
    function (/** @type {number} */ status, /** @type {unknown[]} */ ...rest) {
      if (!state.databaseUnavailable || status < 500) return writeHead.call(response, status, .../** @type {[]} */ (rest));
      response.setHeader("Retry-After", String(DATABASE_RETRY_AFTER_SECONDS));
      // A reason phrase given for the 500 ("Internal Server Error") would be wrong for the 503.
      const headers = typeof rest[0] === "string" ? rest.slice(1) : rest;
      return writeHead.call(response, 503, .../** @type {[]} */ (headers));
    }
  );
  return outageStore().run(state, () => handle(request, response));
}

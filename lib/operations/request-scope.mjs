// What scripts/server.mjs learns about a request while Next.js or the REST API answers it: the
// signed-in user and the route pattern, for the request's log line. One AsyncLocalStorage for
// every bundle in the process (globalThis), entered by scripts/server.mjs around each request.
import { AsyncLocalStorage } from "node:async_hooks";

/** @typedef {{ userId?: string, route?: string }} RequestScope */

const SCOPE = Symbol.for("latchkey.requestScope");
const shared = /** @type {Record<symbol, AsyncLocalStorage<RequestScope> | undefined>} */ (/** @type {unknown} */ (globalThis));

/** @type {AsyncLocalStorage<RequestScope>} */
export const requestScope = (shared[SCOPE] ??= new AsyncLocalStorage());

/**
 * The request's signed-in user (an id, never an email), for its log line.
 * @param {string} userId
 */
export function noteRequestUser(userId) {
  const scope = requestScope.getStore();
  if (scope) scope.userId = userId;
}

/**
 * The route pattern that answered (e.g. /api/v1/api-keys/{id}), when the router knows it better
 * than scripts/server.mjs does.
 * @param {string} route
 */
export function noteRequestRoute(route) {
  const scope = requestScope.getStore();
  if (scope) scope.route = route;
}

// What scripts/server.mjs learns about a request while Next.js or the REST API answers it: the
// signed-in user and the route pattern, for the request's log line. One AsyncLocalStorage for
// every bundle in the process (globalThis), entered by scripts/server.mjs around each request
// Next.js answers; the REST API's requests carry their scope on their Node response instead.
import { AsyncLocalStorage } from "node:async_hooks";

/** @typedef {{ userId?: string, route?: string }} RequestScope */

const SCOPE = Symbol.for("latchkey.requestScope");
const shared = /** @type {Record<symbol, AsyncLocalStorage<RequestScope> | undefined>} */ (/** @type {unknown} */ (globalThis));

/** @type {AsyncLocalStorage<RequestScope>} */
export const requestScope = (shared[SCOPE] ??= new AsyncLocalStorage());

const RESPONSE_SCOPES = Symbol.for("latchkey.responseScopes");
const sharedScopes = /** @type {Record<symbol, WeakMap<object, RequestScope> | undefined>} */ (/** @type {unknown} */ (globalThis));

/**
 * The scope of each REST API request, by its Node response. /api/v1 requests are answered
 * outside the async context: entering it cost GET /api/v1/me a fifth of its throughput, and
 * the API's guard holds the response anyway.
 * @type {WeakMap<object, RequestScope>}
 */
const responseScopes = (sharedScopes[RESPONSE_SCOPES] ??= new WeakMap());

/**
 * @param {object} response the Node response of a request answered outside the async context
 * @param {RequestScope} scope
 */
export function attachRequestScope(response, scope) {
  responseScopes.set(response, scope);
}

/** @param {object | undefined} response */
function scopeOf(response) {
  return (response && responseScopes.get(response)) ?? requestScope.getStore();
}

/**
 * The request's signed-in user (an id, never an email), for its log line. `response`: the
 * Node response, where the caller has it (the REST API).
 * @param {string} userId
 * @param {object} [response]
 */
export function noteRequestUser(userId, response) {
  const scope = scopeOf(response);
  if (scope) scope.userId = userId;
}

/**
 * The route pattern that answered (e.g. /api/v1/api-keys/{id}), when the router knows it better
 * than scripts/server.mjs does.
 * @param {string} route
 * @param {object} [response]
 */
export function noteRequestRoute(route, response) {
  const scope = scopeOf(response);
  if (scope) scope.route = route;
}

// When a server action calls redirect() to a page of the app, Next.js fetches that page from
// the server itself to send it inside the action's answer. Latchkey answers that fetch in the
// process, with no request: Next.js then sends the redirect alone and the browser loads the page
// (docs/decisions/0033-an-action-redirect-loads-its-page-in-the-browser.md).

/**
 * Whether a fetch is Next.js's fetch of an action's redirect target: a GET carrying `rsc: 1`
 * and the `x-action-redirect` header, which only that fetch copies from the action's answer.
 * Next.js passes a URL and an init with a Headers object.
 * @param {Parameters<typeof fetch>[0]} input
 * @param {Parameters<typeof fetch>[1]} init
 */
export function isActionRedirectFetch(input, init) {
  if (input instanceof Request || !init?.headers || (init.method ?? "GET").toUpperCase() !== "GET") return false;
  const headers = new Headers(init.headers);
  return headers.get("rsc") === "1" && headers.has("x-action-redirect");
}

/**
 * `fetchImpl` that answers an action's redirect fetch with an empty 204 at once, so that no
 * request leaves the process (none to log, count or refuse at the Host check, whatever HOST
 * the server listens on), and passes every other fetch on unchanged.
 * @param {typeof fetch} fetchImpl
 * @returns {typeof fetch}
 */
export function answeringActionRedirectFetches(fetchImpl) {
  return function fetch(input, init) {
    return isActionRedirectFetch(input, init) ? Promise.resolve(new Response(null, { status: 204 })) : fetchImpl(input, init);
  };
}

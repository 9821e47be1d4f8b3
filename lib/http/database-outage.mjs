// A request that failed because the database could not be reached is answered 503 with
// Retry-After, not 500: Next.js gives every page or server action that threw a 500, and
// error.tsx cannot set a status. lib/db counts each failure to reach the database, and
// scripts/server.mjs, which serves every page through here, turns a 500 into a 503 when such a
// failure was counted while the request ran. (Which request a failure belonged to cannot be
// told reliably: Next.js does not keep the server's async context.) A request that failed
// otherwise while the database was away also gets the 503, which is as true.
// Plain JavaScript so that scripts/server.mjs imports it without a build. The count lives on
// globalThis: Next.js's server bundle, the REST API bundle and scripts/server.mjs each load
// their own copy of this module, and all must share one.
// No "server-only" marker: scripts/server.mjs runs outside Next.js.

/** How long a client is asked to wait before trying again while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 10;

const COUNT = Symbol.for("latchkey.databaseOutages");
const holder = /** @type {Record<symbol, number | undefined>} */ (/** @type {unknown} */ (globalThis));

function outagesSoFar() {
  return holder[COUNT] ?? 0;
}

/** Counts one failure to reach the database. */
export function markDatabaseUnavailable() {
  holder[COUNT] = outagesSoFar() + 1;
}

/** The page a browser gets: Next.js would send an empty document that only its scripts fill. */
const OUTAGE_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>Latchkey can't reach its database</title></head>
<body><main><h1>Latchkey can't reach its database</h1>
<p>Latchkey is running, but its database isn't answering. Try again in a minute. If you were saving a change, check that it's there once this page loads again.</p>
<p><a href="">Try again</a></p></main></body></html>
`;

/** A browser loading a page, not a client-side navigation or a server action (those get Next.js's answer, which error.tsx shows). */
function wantsDocument(/** @type {import("node:http").IncomingMessage} */ request) {
  return request.method === "GET" && !request.headers.rsc && !request.headers["next-action"] && (request.headers.accept ?? "").includes("text/html");
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
  const outagesBefore = outagesSoFar();
  const writeHead = response.writeHead;
  // Node calls writeHead for implicit headers too (the first write or end), so this sees every status.
  response.writeHead = /** @type {typeof response.writeHead} */ (
    function (/** @type {number} */ status, /** @type {unknown[]} */ ...rest) {
      if (status < 500 || outagesSoFar() === outagesBefore) return writeHead.call(response, status, .../** @type {[]} */ (rest));
      response.setHeader("Retry-After", String(DATABASE_RETRY_AFTER_SECONDS));
      if (wantsDocument(request)) return answerWithOutagePage(response, writeHead);
      // A reason phrase given for the 500 ("Internal Server Error") would be wrong for the 503.
      const headers = typeof rest[0] === "string" ? rest.slice(1) : rest;
      return writeHead.call(response, 503, .../** @type {[]} */ (headers));
    }
  );
  return handle(request, response);
}

/**
 * Sends the outage page in place of what Next.js was about to send, whose writes are then
 * dropped (its own end still completes the response it thinks it writes).
 * @param {import("node:http").ServerResponse} response
 * @param {import("node:http").ServerResponse["writeHead"]} writeHead
 */
function answerWithOutagePage(response, writeHead) {
  // Next.js's compression, when on, has set Content-Encoding and wrapped `end`: the page goes
  // through that `end`, so it is compressed as announced.
  for (const name of ["content-length", "etag"]) response.removeHeader(name);
  writeHead.call(response, 503, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
  const end = response.end;
  end.call(response, OUTAGE_PAGE);
  response.write = /** @type {typeof response.write} */ (() => true);
  response.end = /** @type {typeof response.end} */ (
    (/** @type {unknown[]} */ ...args) => {
      const callback = args.find((arg) => typeof arg === "function");
      if (callback) /** @type {() => void} */ (callback)();
      return response;
    }
  );
  return response;
}

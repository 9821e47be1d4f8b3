// Latchkey's HTTP server: Next.js behind a plain Node server that refuses requests for other
// host names and fixes the client address, and hands /api/v1 to the REST API's own lean
// handler (docs/decisions/0019-rest-api-server.md). Next.js keeps whatever X-Forwarded-For a client
// sends, so the header is replaced by one address: the TCP peer, or what a proxy listed in
// TRUST_PROXY forwarded (docs/decisions/0005-client-ip-and-trusted-proxies.md).
// It also answers the operator's endpoints (/healthz, /readyz, /metrics), writes one log line
// per request, and shuts down gracefully (docs/decisions/0023-operations.md).
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import next from "next";
import { answeringActionRedirectFetches } from "../lib/http/action-redirect-fetch.mjs";
import { serveWithDatabaseOutageStatus } from "../lib/http/database-outage.mjs";
import { createClientAddressResolver, HOST_CHECK_EXEMPT_PATHS, isAppHost, isLoopbackHostHeader, parseTrustedProxies } from "../lib/http/incoming-request.mjs";
import { errorFields, logger } from "../lib/operations/logger.mjs";
import { metrics, metricsAccess, observeHttpRequest } from "../lib/operations/metrics.mjs";
import { createReadinessCheck } from "../lib/operations/readiness.mjs";
import { attachRequestScope, requestScope } from "../lib/operations/request-scope.mjs";
import { createRouteMatcher } from "../lib/operations/route-pattern.mjs";
import { runShutdownHooks } from "../lib/operations/shutdown.mjs";
import { buildRestApi, restApiBundlePath, watchRestApi } from "./build-rest-api.mjs";
import { DEFAULT_SQLITE_URL, ROOT } from "./db/providers.mjs";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT || 3000);
// Unset: every interface. HOST=127.0.0.1 keeps a proxied instance out of reach of anyone else.
const host = process.env.HOST || undefined;
// The same default as lib/config/app-url.ts.
const appUrl = process.env.APP_URL || `http://localhost:${port}`;
/** Requests still running this long after SIGTERM are cut off. */
const SHUTDOWN_GRACE_MS = 10_000;
let clientAddressOf;
try {
  clientAddressOf = createClientAddressResolver(parseTrustedProxies(process.env.TRUST_PROXY));
} catch (error) {
  logger.fatal(`Latchkey cannot start: invalid configuration\n  TRUST_PROXY: ${error.message}`);
  logger.flush();
  process.exit(1);
}
// Test suites only (LATCHKEY_TEST_CLOCK=true): a settable clock, never loaded otherwise.
const handleTestClock = process.env.LATCHKEY_TEST_CLOCK === "true" ? (await import("./lib/test-clock.mjs")).startTestClockServer() : null;
// Test suites only (LATCHKEY_TEST_SLOW_ROUTE=true): a request that takes as long as asked, to shut down during.
const handleSlowRoute = process.env.LATCHKEY_TEST_SLOW_ROUTE === "true" ? (await import("./lib/slow-test-route.mjs")).startSlowTestRoute() : null;

// Before Next.js wraps fetch, on its first request: its fetch of an action's redirect target is
// answered here, in the process (decision 0033).
globalThis.fetch = answeringActionRedirectFetches(globalThis.fetch);
const app = next({ dev, port, dir: process.cwd() });
const handle = app.getRequestHandler();
await app.prepare();

// The REST API bundle is made by `npm run build` beside the Next.js build; when a bare
// `next build` left none it is made now, which takes a second. In --dev it is made again and
// loaded afresh after each change to a file it is made of (its state lives on globalThis and
// carries over).
const restApiBundle = restApiBundlePath();
const requireBundle = createRequire(import.meta.url);
let handleRestApiRequest;
function loadRestApi() {
  delete requireBundle.cache[restApiBundle];
  ({ handleRestApiRequest } = requireBundle(restApiBundle));
}
if (dev) {
  let builds = 0;
  await watchRestApi({
    outfile: restApiBundle,
    onBuilt: () => {
      loadRestApi();
      if (builds++ > 0) logger.info("REST API reloaded");
    },
    onFailed: (problem) => logger.error({ problem }, handleRestApiRequest ? "REST API not reloaded: the previous build keeps serving" : "REST API not built"),
  });
  if (!handleRestApiRequest) throw new Error("The REST API did not build: fix the error above and start again.");
} else {
  if (!existsSync(restApiBundle)) await buildRestApi({ outfile: restApiBundle });
  loadRestApi();
}

const routeOf = createRouteMatcher(path.join(ROOT, process.env.NEXT_DIST_DIR || ".next"));
const readiness = createReadinessCheck({ databaseUrl: process.env.DATABASE_URL || DEFAULT_SQLITE_URL, redisUrl: process.env.REDIS_URL || undefined });
let shuttingDown = false;

function isRestApiPath(pathname) {
  return pathname.startsWith("/api/v1/") || pathname === "/api/docs";
}

/** Paths that are their own route pattern; the REST API names its other routes itself (rest-api/guard.ts). */
const FIXED_ROUTES = new Set(["/healthz", "/readyz", "/metrics", "/api/docs", "/api/v1/openapi.json"]);

/** An incoming X-Request-Id is kept when it is short and plain (a proxy's or a client's id); else a new one. */
const REQUEST_ID = /^[\w.:@-]{1,128}$/;

function requestIdOf(request) {
  const given = request.headers["x-request-id"];
  return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
}

function sendJson(response, status, body, headers = {}) {
  response.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers }).end(JSON.stringify(body));
}

/** The operator's endpoints: no session, no rate limit, any Host (HOST_CHECK_EXEMPT_PATHS). */
const operationsEndpoints = new Map(
  Object.entries({
    "/healthz": (request, response) => sendJson(response, 200, { status: "ok" }),
    "/readyz": async (request, response) => {
      if (shuttingDown) return sendJson(response, 503, { status: "not ready", checks: { server: { problem: "shutting down" } } });
      const { ready, body } = await readiness.check();
      sendJson(response, ready ? 200 : 503, body);
    },
    "/metrics": async (request, response) => {
      const access = metricsAccess({
        token: process.env.METRICS_TOKEN || undefined,
        authorization: request.headers.authorization,
        clientAddress: clientAddressOf(request),
        hostAllowed: isAppHost(request.headers.host, appUrl) || isLoopbackHostHeader(request.headers.host),
      });
      if (!access.allowed) {
        const headers = access.status === 401 ? { "WWW-Authenticate": 'Bearer realm="metrics"' } : {};
        return sendJson(response, access.status, { error: access.status === 404 ? "Not found." : "A valid METRICS_TOKEN is needed as a bearer token." }, headers);
      }
      const text = await metrics.registry.metrics();
      response.writeHead(200, { "Content-Type": metrics.registry.contentType, "Cache-Control": "no-store" }).end(text);
    },
  }),
);

function serve(request, response, pathname) {
  if (handleTestClock?.(request, response)) return;
  if (handleSlowRoute?.(request, response)) return;
  const operationsEndpoint = operationsEndpoints.get(pathname);
  if (operationsEndpoint) {
    // Answered here whatever the method: nothing else (a server action) runs at these paths.
    if (request.method !== "GET" && request.method !== "HEAD") return sendJson(response, 405, { error: "GET only." }, { Allow: "GET, HEAD" });
    return Promise.resolve(operationsEndpoint(request, response)).catch((error) => {
      logger.error({ path: pathname, ...errorFields(error) }, "operations endpoint failed");
      if (!response.headersSent) sendJson(response, 500, { error: "Internal error." });
    });
  }
  if (!HOST_CHECK_EXEMPT_PATHS.has(pathname) && !isAppHost(request.headers.host, appUrl)) {
    response.writeHead(421, { "Content-Type": "text/plain; charset=utf-8" }).end(`Unknown host name. Open Latchkey at ${new URL(appUrl).origin}\n`);
    return;
  }
  request.headers["x-forwarded-for"] = clientAddressOf(request);
  // Next.js checks a server action's Origin against X-Forwarded-Host before Host; the Host
  // was just checked, so a client-sent X-Forwarded-Host must not take its place.
  delete request.headers["x-forwarded-host"];
  if (isRestApiPath(pathname)) return handleRestApiRequest(request, response);
  // A page or action that failed to reach the database answers 503, not Next.js's 500.
  return serveWithDatabaseOutageStatus(request, response, handle);
}

/**
 * One log line and one metrics observation per request, with the route pattern (never the
 * path with its ids and tokens), the status, the time taken, the request id and the signed-in
 * user's id when the answer looked the session up. The operator's endpoints log at debug.
 */
function logRequest(request, response, { pathname, requestId, scope, started }) {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const route = scope.route ?? (FIXED_ROUTES.has(pathname) ? pathname : routeOf(pathname));
  const status = response.statusCode;
  observeHttpRequest({ method: request.method, route, status, seconds });
  const level = operationsEndpoints.has(pathname) ? "debug" : status >= 500 ? "error" : "info";
  if (!logger.isLevelEnabled(level)) return;
  logger[level](
    {
      requestId,
      method: request.method,
      route,
      status,
      durationMs: Math.round(seconds * 1e4) / 10,
      ...(scope.userId ? { userId: scope.userId } : {}),
      ...(response.writableFinished ? {} : { aborted: true }),
    },
    "request",
  );
}

const server = http.createServer((request, response) => {
  const started = process.hrtime.bigint();
  const requestId = requestIdOf(request);
  const pathname = (request.url ?? "/").split("?")[0];
  /** @type {import("../lib/operations/request-scope.mjs").RequestScope} */
  const scope = {};
  response.setHeader("X-Request-Id", requestId);
  if (shuttingDown) response.setHeader("Connection", "close");
  response.once("close", () => {
    logRequest(request, response, { pathname, requestId, scope, started });
    // A keep-alive connection whose last request just ended is not waited for.
    if (shuttingDown) server.closeIdleConnections();
  });
  if (isRestApiPath(pathname)) {
    attachRequestScope(response, scope);
    serve(request, response, pathname);
  } else {
    requestScope.run(scope, () => serve(request, response, pathname));
  }
});

server.listen(port, host, () => {
  logger.info(`latchkey: listening on ${host ?? "every interface"}, port ${port}`);
});

/**
 * SIGTERM/SIGINT: no new connections, requests in flight finish (for up to SHUTDOWN_GRACE_MS,
 * then their connections are closed), buffered writes are flushed, the database and Redis are
 * closed, and the process exits 0. A second signal while that runs exits at once.
 */
async function shutDown(signal) {
  if (shuttingDown) {
    logger.warn({ signal }, "second signal during shutdown: exiting now");
    logger.flush();
    process.exit(1);
  }
  shuttingDown = true;
  logger.info({ signal }, "shutting down: finishing requests in flight");
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeIdleConnections();
  const deadline = setTimeout(() => {
    logger.warn(`requests still running after ${SHUTDOWN_GRACE_MS / 1000} s: closing their connections`);
    server.closeAllConnections();
  }, SHUTDOWN_GRACE_MS);
  await closed;
  clearTimeout(deadline);
  await runShutdownHooks({ onFailure: (name, error) => logger.error({ hook: name, ...errorFields(error) }, "shutdown step failed") });
  await readiness.close().catch(() => undefined);
  logger.info("stopped");
  logger.flush();
  process.exit(0);
}

for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => void shutDown(signal));

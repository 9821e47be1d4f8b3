// Latchkey's HTTP server: Next.js behind a plain Node server that refuses requests for other
// host names and fixes the client address, and hands /api/v1 to the REST API's own lean
// handler (docs/decisions/0019-rest-api-server.md). Next.js keeps whatever X-Forwarded-For a client
// sends, so the header is replaced by one address: the TCP peer, or what a proxy listed in
// TRUST_PROXY forwarded (docs/decisions/0005-client-ip-and-trusted-proxies.md).
import { existsSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import next from "next";
import { createClientAddressResolver, HOST_CHECK_EXEMPT_PATHS, isAppHost, parseTrustedProxies } from "../lib/http/incoming-request.mjs";
import { serveWithDatabaseOutageStatus } from "../lib/http/database-outage.mjs";
import { buildRestApi, restApiBundlePath } from "./build-rest-api.mjs";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT || 3000);
// Unset: every interface. HOST=127.0.0.1 keeps a proxied instance out of reach of anyone else.
const host = process.env.HOST || undefined;
// The same default as lib/config/app-url.ts.
const appUrl = process.env.APP_URL || `http://localhost:${port}`;
let clientAddressOf;
try {
  clientAddressOf = createClientAddressResolver(parseTrustedProxies(process.env.TRUST_PROXY));
} catch (error) {
  console.error(`Latchkey cannot start: invalid configuration\n  TRUST_PROXY: ${error.message}`);
  process.exit(1);
}
// Test suites only (LATCHKEY_TEST_CLOCK=true): a settable clock, never loaded otherwise.
const handleTestClock = process.env.LATCHKEY_TEST_CLOCK === "true" ? (await import("./lib/test-clock.mjs")).startTestClockServer() : null;

const app = next({ dev, port, dir: process.cwd() });
const handle = app.getRequestHandler();
await app.prepare();

// The REST API bundle is made by `npm run build` beside the Next.js build; in --dev (or when a
// bare `next build` left none) it is made now, which takes a second.
const restApiBundle = restApiBundlePath();
if (dev || !existsSync(restApiBundle)) await buildRestApi({ outfile: restApiBundle, dev });
const { handleRestApiRequest } = createRequire(import.meta.url)(restApiBundle);

function isRestApiPath(pathname) {
  return pathname.startsWith("/api/v1/") || pathname === "/api/docs";
}

http
  .createServer((request, response) => {
    if (handleTestClock?.(request, response)) return;
    const pathname = (request.url ?? "/").split("?")[0];
    if (!HOST_CHECK_EXEMPT_PATHS.has(pathname) && !isAppHost(request.headers.host, appUrl)) {
      response.writeHead(421, { "Content-Type": "text/plain; charset=utf-8" }).end(`Unknown host name. Open Latchkey at ${new URL(appUrl).origin}\n`);
      return;
    }
    request.headers["x-forwarded-for"] = clientAddressOf(request);
    // Next.js checks a server action's Origin against X-Forwarded-Host before Host; the Host
    // was just checked, so a client-sent X-Forwarded-Host must not take its place.
    delete request.headers["x-forwarded-host"];
    if (isRestApiPath(pathname)) handleRestApiRequest(request, response);
    // A page or action that failed to reach the database answers 503, not Next.js's 500.
    else serveWithDatabaseOutageStatus(request, response, handle);
  })
  .listen(port, host, () => {
    console.log(`latchkey: listening on ${host ?? "every interface"}, port ${port}`);
  });

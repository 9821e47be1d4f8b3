// Latchkey's HTTP server: Next.js behind a plain Node server that fixes the client address.
// Next.js keeps whatever X-Forwarded-For a client sends, so without a trusted proxy in front
// (TRUST_PROXY unset) the header is replaced by the TCP peer address; with one, the proxy's
// header is kept and its last entry (the one the proxy wrote) is the client.
import http from "node:http";
import next from "next";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT || 3000);
const trustProxy = process.env.TRUST_PROXY === "true";
// Test suites only (LATCHKEY_TEST_CLOCK=true): a settable clock, never loaded otherwise.
const handleTestClock = process.env.LATCHKEY_TEST_CLOCK === "true" ? (await import("./lib/test-clock.mjs")).startTestClockServer() : null;

const app = next({ dev, port, dir: process.cwd() });
const handle = app.getRequestHandler();
await app.prepare();

http
  .createServer((request, response) => {
    if (handleTestClock?.(request, response)) return;
    if (!trustProxy || !request.headers["x-forwarded-for"]) {
      request.headers["x-forwarded-for"] = request.socket.remoteAddress ?? "";
    }
    handle(request, response);
  })
  .listen(port, () => {
    console.log(`latchkey: listening on port ${port}`);
  });

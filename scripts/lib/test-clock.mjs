// The test clock (docs/decisions/0011-test-clock.md): in test processes only, the process's
// Date is replaced so that it follows the real clock plus the jumps a test asks for. Latchkey's
// code and its libraries (rate-limiter-flexible windows, JWT expiry, Prisma defaults) all read
// Date, so TOTP steps, link expiry, lockout windows and step-up follow it without a `now`
// parameter threaded through every function. Timers stay real: only Date is faked.
import FakeTimers from "@sinonjs/fake-timers";
import { logger } from "../../lib/operations/logger.mjs";

/** One jump is at most this long, so a mistyped number cannot throw a shared server years ahead. */
export const MAX_TEST_CLOCK_ADVANCE_MS = 24 * 60 * 60 * 1000;

/** The path the browser suite's server answers when LATCHKEY_TEST_CLOCK=true. */
export const TEST_CLOCK_PATH = "/__test__/clock";

const INSTALLED = Symbol.for("latchkey.testClock");

/**
 * Replaces Date in this process (once; later calls return the same clock). The clock never
 * goes backward: it only moves with real time and by `advance`. `startMs`, when ahead of the
 * real clock, is where it starts.
 * @param {{ startMs?: number }} [options]
 * @returns {{ now: () => number, advance: (ms: number) => number }}
 */
export function installTestClock({ startMs } = {}) {
  const existing = globalThis[INSTALLED];
  if (existing) return existing;
  const RealDate = globalThis.Date;
  const fake = FakeTimers.withGlobal(globalThis).install({ toFake: ["Date"], now: RealDate.now() });
  // The fake Date inherits parse and UTC; Next.js wraps Date by copying its own properties
  // (next/dist/server/node-environment-extensions/date.js), so they must be its own.
  for (const name of ["parse", "UTC"]) Object.defineProperty(globalThis.Date, name, { value: RealDate[name], writable: true, configurable: true });
  // fake-timers' own auto-advance (shouldAdvanceTime) adds a fixed 20 ms per interval and
  // falls behind whenever the event loop is busy; here `now` is computed on every read as the
  // real clock plus the jumps made so far, so it neither drifts nor stands still.
  let offsetMs = Number.isSafeInteger(startMs) ? Math.max(0, startMs - RealDate.now()) : 0;
  Object.defineProperty(fake, "now", {
    configurable: true,
    get: () => RealDate.now() + offsetMs,
    set: (value) => {
      offsetMs = value - RealDate.now();
    },
  });
  const clock = {
    now: () => fake.now,
    /** Moves the clock forward by `ms` (a positive integer up to a day); returns the new time. */
    advance(ms) {
      assertValidAdvance(ms);
      offsetMs += ms;
      return fake.now;
    },
  };
  globalThis[INSTALLED] = clock;
  return clock;
}

function assertValidAdvance(ms) {
  if (!Number.isSafeInteger(ms) || ms <= 0 || ms > MAX_TEST_CLOCK_ADVANCE_MS) {
    throw new RangeError(`The test clock moves forward only, by 1 to ${MAX_TEST_CLOCK_ADVANCE_MS} ms at a time (got ${ms}).`);
  }
}

/** localhost, 127.0.0.0/8 or ::1: the machine itself. */
function isLoopbackHost(hostname) {
  const host = hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

function isLoopbackPeer(address = "") {
  return address === "::1" || /^(::ffff:)?127\./.test(address);
}

/**
 * The server side (scripts/server.mjs with LATCHKEY_TEST_CLOCK=true): installs the clock and
 * returns the handler of GET/POST /__test__/clock. Refuses to start unless APP_URL is a
 * loopback URL, so a deployment cannot be started with a settable clock by mistake.
 * LATCHKEY_TEST_CLOCK_START_MS starts the clock at the test process's time, before the job
 * worker takes its first leases: moving it there afterwards, a day per request, would end
 * those leases and run their jobs twice.
 * @returns {(request: import("node:http").IncomingMessage, response: import("node:http").ServerResponse) => boolean}
 */
export function startTestClockServer(appUrl = process.env.APP_URL ?? "") {
  let hostname = "";
  try {
    hostname = new URL(appUrl).hostname;
  } catch {
    // Not a URL: no hostname, refused below.
  }
  if (!isLoopbackHost(hostname)) {
    throw new Error(`latchkey: LATCHKEY_TEST_CLOCK=true is for the test suites only and needs a loopback APP_URL (got "${appUrl}"). Unset LATCHKEY_TEST_CLOCK.`);
  }
  const clock = installTestClock({ startMs: Number(process.env.LATCHKEY_TEST_CLOCK_START_MS) });
  logger.info("latchkey: test clock on (LATCHKEY_TEST_CLOCK=true): GET/POST /__test__/clock");

  /** Answers the clock's requests; returns false for every other request (Next.js handles it). */
  return function handleTestClockRequest(request, response) {
    const path = (request.url ?? "").split("?")[0];
    if (path !== TEST_CLOCK_PATH || !isLoopbackPeer(request.socket.remoteAddress)) return false;
    const reply = (status, body) => {
      response.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store" });
      response.end(JSON.stringify(body));
    };
    if (request.method === "GET") {
      reply(200, { now: clock.now() });
    } else if (request.method === "POST") {
      let body = "";
      request.setEncoding("utf8");
      request.on("data", (chunk) => {
        body += chunk;
        if (body.length > 1024) request.destroy();
      });
      request.on("end", () => {
        let advanceMs;
        try {
          advanceMs = JSON.parse(body).advanceMs;
          reply(200, { now: clock.advance(advanceMs) });
        } catch (error) {
          reply(400, { error: error instanceof RangeError ? error.message : 'Send JSON like { "advanceMs": 30000 }.' });
        }
      });
    } else {
      response.setHeader("Allow", "GET, POST");
      reply(405, { error: "GET or POST only." });
    }
    return true;
  };
}

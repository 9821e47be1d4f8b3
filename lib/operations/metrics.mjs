// Latchkey's Prometheus metrics (prom-client), served at /metrics by scripts/server.mjs.
// Next.js's bundles, the REST API bundle and scripts/server.mjs each load their own copy of
// this module (and may each load prom-client): the registry and every metric are made once and
// kept on globalThis, so a counter moved anywhere in the process shows in the one output.
import { createHash, timingSafeEqual } from "node:crypto";
import client from "prom-client";
import { isLoopbackAddress } from "../http/incoming-request.mjs";

/** Seconds; from a cached-key API call (well under 1 ms) to a slow page or an argon2id sign-in. */
const HTTP_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const DB_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

function createMetrics() {
  const registry = new client.Registry();
  // Process and Node.js metrics under their usual names (nodejs_eventloop_lag_seconds, …).
  client.collectDefaultMetrics({ register: registry });
  const registers = [registry];
  /** @template {string} L @param {string} name @param {string} help @param {L[]} labelNames */
  const counter = (name, help, labelNames) => new client.Counter({ name, help, labelNames, registers });
  /** @template {string} L @param {string} name @param {string} help @param {L[]} labelNames @param {number[]} buckets */
  const histogram = (name, help, labelNames, buckets) => new client.Histogram({ name, help, labelNames, buckets, registers });
  return {
    registry,
    httpRequests: counter("latchkey_http_requests_total", "HTTP requests answered, by route pattern and status.", ["method", "route", "status"]),
    httpRequestDuration: histogram(
      "latchkey_http_request_duration_seconds",
      "Time from a request's arrival to the end of its answer, by route pattern and status.",
      ["method", "route", "status"],
      HTTP_BUCKETS,
    ),
    signIns: counter(
      "latchkey_sign_ins_total",
      "Sign-in attempts by method (password, passkey, totp, recovery_code) and outcome (success, failure, second_factor_required, locked).",
      ["method", "outcome"],
    ),
    lockouts: counter("latchkey_lockouts_total", "Accounts locked after too many failed factors.", []),
    rateLimitRefusals: counter("latchkey_rate_limit_refusals_total", "Requests refused by a rate limit, by limit name.", ["limit"]),
    emails: counter("latchkey_emails_total", "Mail handed to SMTP or the outbox (result=sent) or that could not be (result=failed).", ["result"]),
    dbQueryDuration: histogram(
      "latchkey_db_query_duration_seconds",
      "Database operations through the Prisma client, by model and operation (on SQLite, not counting the wait for its turn).",
      ["model", "operation"],
      DB_BUCKETS,
    ),
    jobs: counter("latchkey_jobs_total", "Background jobs run, by kind and outcome (done, retry, failed).", ["kind", "outcome"]),
    jobQueueDepth: new client.Gauge({
      name: "latchkey_job_queue_depth",
      help: "Background jobs waiting or under way, by kind (webhook.deliver, push.send, notification.email).",
      labelNames: ["kind"],
      registers,
    }),
    apiRequests: counter("latchkey_api_requests_total", "REST API calls made with a known key, by the key's environment and the answer's status.", ["environment", "status"]),
  };
}

const METRICS = Symbol.for("latchkey.metrics");
const shared = /** @type {Record<symbol, ReturnType<typeof createMetrics> | undefined>} */ (/** @type {unknown} */ (globalThis));

export const metrics = (shared[METRICS] ??= createMetrics());

const HTTP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** @type {Map<string, { count: { inc: () => void }, duration: { observe: (seconds: number) => void } }>} */
const httpSeries = new Map();

/**
 * One answered request in the HTTP metrics. `route` is a pattern, never the raw path, so the
 * number of series stays bounded whatever clients ask for. Each series' children are kept:
 * prom-client then skips hashing the labels on every request of the hot path.
 * @param {{ method: string | undefined, route: string, status: number, seconds: number }} request
 */
export function observeHttpRequest({ method, route, status, seconds }) {
  const knownMethod = method && HTTP_METHODS.has(method) ? method : "OTHER";
  const key = `${knownMethod} ${status} ${route}`;
  let series = httpSeries.get(key);
  if (!series) {
    const labels = { method: knownMethod, route, status: String(status) };
    series = { count: metrics.httpRequests.labels(labels), duration: metrics.httpRequestDuration.labels(labels) };
    httpSeries.set(key, series);
  }
  series.count.inc();
  series.duration.observe(seconds);
}

/**
 * @param {string} value
 */
function digest(value) {
  return createHash("sha256").update(value).digest();
}

/**
 * Whether a request may read /metrics. With METRICS_TOKEN set: only with it as a bearer token
 * (compared in constant time), from anywhere. Without it: only from this machine, and only
 * when the Host header names the app or this machine (a page whose host name resolves to
 * 127.0.0.1 must not read it from a browser here).
 * @param {{ token: string | undefined, authorization: string | undefined, clientAddress: string, hostAllowed: boolean }} request
 * @returns {{ allowed: true } | { allowed: false, status: 401 | 403 | 404 }}
 */
export function metricsAccess({ token, authorization, clientAddress, hostAllowed }) {
  if (token) {
    const match = /^Bearer (\S+)$/.exec(authorization ?? "");
    if (!match) return { allowed: false, status: 401 };
    return timingSafeEqual(digest(match[1]), digest(token)) ? { allowed: true } : { allowed: false, status: 403 };
  }
  // Not found rather than forbidden: from elsewhere, /metrics does not exist.
  return isLoopbackAddress(clientAddress) && hostAllowed ? { allowed: true } : { allowed: false, status: 404 };
}

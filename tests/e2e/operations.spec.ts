// What an operator relies on (issue 12): /healthz, /readyz, /metrics, one JSON log line per
// request, and a graceful shutdown. Each runs against a server of its own (support/app-instance.ts)
// whose output the test reads; the decisions about /metrics callers that cannot be made from
// loopback are unit-tested where they are made (lib/operations/metrics.test.ts).
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { createTestApiKey } from "./support/api-keys";
import { startAppInstance, type AppInstance } from "./support/app-instance";
import { createTestSession } from "./support/builders";
import { E2E_APP_ENV, E2E_PORT, SESSION_COOKIE } from "./support/env";
import { expect, test } from "./support/fixtures";
import { rawRequest } from "./support/reverse-proxy";
import { signInThroughUi } from "./support/ui";

const METRICS_TOKEN = "metrics-token-for-the-operations-spec-0123456789";
const OPERATIONS_PORT = E2E_PORT + 70;
const UNREACHABLE_DB_PORT = E2E_PORT + 71;
const NAMED_HOST_PORT = E2E_PORT + 74;
/** The Redis every machine of the project runs (README, the rate-limit suite). */
const REDIS_URL = "redis://127.0.0.1:6379";

// Starting a server takes seconds, more on a busy machine.
test.describe.configure({ mode: "serial", timeout: 120_000 });

let instance: AppInstance;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  instance = await startAppInstance(OPERATIONS_PORT, { ...E2E_APP_ENV, METRICS_TOKEN, REDIS_URL, LOG_LEVEL: "info", LATCHKEY_TEST_SLOW_ROUTE: "true" });
});

test.afterAll(async () => {
  await instance?.stop();
});

/** Every JSON line the server printed. */
function logLines(): Record<string, unknown>[] {
  return instance
    .rawOutput()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const REQUEST_HISTOGRAM = "latchkey_http_request_duration_seconds";

type Families = ReturnType<typeof parsePrometheusTextFormat>;

/**
 * Reads /metrics with the token and parses it. parse-prometheus-text-format folds a histogram's
 * labelled series into one (it keeps only unlabelled counts), so the request histogram's TYPE
 * line is checked here and left out of what it parses: its _bucket, _sum and _count series then
 * come back one sample per label set, as prom-client wrote them.
 */
async function scrape(): Promise<Families> {
  const response = await fetch(`${instance.baseURL}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/plain");
  const text = await response.text();
  const histogramType = `# TYPE ${REQUEST_HISTOGRAM} histogram\n`;
  expect(text).toContain(histogramType);
  return parsePrometheusTextFormat(text.replace(histogramType, ""));
}

/** Requests the histogram counted for a route pattern, all methods and statuses together. */
function histogramCount(families: Families, route: string): number {
  // Untyped, each run of lines for one label set is a family of its own.
  return families
    .filter((family) => family.name === `${REQUEST_HISTOGRAM}_count`)
    .flatMap((family) => family.metrics as { value: string; labels?: Record<string, string> }[])
    .filter((metric) => metric.labels?.route === route)
    .reduce((sum, metric) => sum + Number(metric.value), 0);
}

/** A counter's value summed over the series whose labels include `labels`. */
function counterValue(families: Families, name: string, labels: Record<string, string>): number {
  return families
    .filter((family) => family.name === name)
    .flatMap((family) => family.metrics as { value: string; labels?: Record<string, string> }[])
    .filter((metric) => Object.entries(labels).every(([label, value]) => metric.labels?.[label] === value))
    .reduce((sum, metric) => sum + Number(metric.value), 0);
}

test("/healthz and /readyz answer whatever the Host header says, without a session", async () => {
  for (const host of [`localhost:${OPERATIONS_PORT}`, `10.1.2.3:${OPERATIONS_PORT}`, "latchkey.internal"]) {
    const health = await rawRequest({ port: OPERATIONS_PORT, path: "/healthz", headers: { host } });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: "ok" });
    const ready = await rawRequest({ port: OPERATIONS_PORT, path: "/readyz", headers: { host } });
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ status: "ready", checks: { database: "ok", migrations: "ok", redis: "ok" } });
  }
  // Only GET and HEAD: a POST there (a server action, say) reaches nothing behind it.
  const post = await rawRequest({ port: OPERATIONS_PORT, path: "/healthz", method: "POST", headers: { host: "latchkey.internal", "next-action": "x" }, body: "[]" });
  expect(post.status).toBe(405);
  // Every other path still refuses a host name that is not APP_URL's.
  expect((await rawRequest({ port: OPERATIONS_PORT, path: "/login", headers: { host: "latchkey.internal" } })).status).toBe(421);
});

test("/metrics needs the token, and its request histogram moves after a request", async () => {
  const anonymous = await fetch(`${instance.baseURL}/metrics`);
  expect(anonymous.status).toBe(401);
  expect(anonymous.headers.get("www-authenticate")).toContain("Bearer");
  expect((await fetch(`${instance.baseURL}/metrics`, { headers: { Authorization: "Bearer not-the-token" } })).status).toBe(403);

  const before = histogramCount(await scrape(), "/reset-password/[token]");
  const page = await fetch(`${instance.baseURL}/reset-password/a-token-that-does-not-exist`);
  expect(page.status).toBe(200);
  await page.text();
  // Observed once the answer has ended, which the client may see a moment before the server does.
  await expect.poll(async () => histogramCount(await scrape(), "/reset-password/[token]")).toBe(before + 1);
  const families = await scrape();
  const names = families.map((family) => family.name);
  for (const name of [
    "latchkey_http_requests_total",
    "latchkey_sign_ins_total",
    "latchkey_lockouts_total",
    "latchkey_rate_limit_refusals_total",
    "latchkey_emails_total",
    "latchkey_db_query_duration_seconds",
    `${REQUEST_HISTOGRAM}_bucket`,
    "latchkey_api_requests_total",
    "nodejs_eventloop_lag_seconds",
  ]) {
    expect(names).toContain(name);
  }
  // The page's database reads, timed by the Prisma client of Next.js's bundle, land in the same output.
  const queries = families.find((family) => family.name === "latchkey_db_query_duration_seconds");
  expect(queries?.metrics.length).toBeGreaterThan(0);
  // No series is named after a raw path.
  expect(JSON.stringify(families)).not.toContain("a-token-that-does-not-exist");
});

test("one JSON log line per request: route pattern, status, duration, request id, user id, and no secret", async ({ db, createUser }) => {
  const account = await createUser();
  const session = await createTestSession(db, account.user.id);
  const requestId = "req-operations-spec-1";
  const response = await fetch(`${instance.baseURL}/settings/profile`, { headers: { Cookie: `${SESSION_COOKIE}=${session.cookieValue}`, "X-Request-Id": requestId } });
  expect(response.status).toBe(200);
  expect(response.headers.get("x-request-id")).toBe(requestId);
  // An id that is not short and plain is replaced by one of the server's.
  const made = await fetch(`${instance.baseURL}/reset-password/another-secret-token`, { headers: { "X-Request-Id": "bad id\twith spaces" } });
  const madeId = made.headers.get("x-request-id");
  expect(madeId).toMatch(/^[0-9a-f-]{36}$/);

  await expect.poll(() => logLines().some((line) => line.requestId === madeId)).toBe(true);
  const line = logLines().find((entry) => entry.requestId === requestId);
  expect(line).toMatchObject({ msg: "request", method: "GET", route: "/settings/profile", status: 200, userId: account.user.id, level: 30 });
  expect(typeof line?.durationMs).toBe("number");
  expect(logLines().find((entry) => entry.requestId === madeId)).toMatchObject({ route: "/reset-password/[token]" });
  expect(logLines().filter((entry) => entry.requestId === requestId)).toHaveLength(1);

  // A REST API call: its pattern (not the key's id in the path), the key's creator, and the call counted by the key's environment.
  const apiKey = await createTestApiKey(db, account.org.id, account.user.id, { environment: "live" });
  const missingInvitation = "inv-the-spec-never-made";
  const liveCallsBefore = counterValue(await scrape(), "latchkey_api_requests_total", { environment: "live", status: "404" });
  const apiCall = await fetch(`${instance.baseURL}/api/v1/invitations/${missingInvitation}`, {
    method: "DELETE",
    headers: { Authorization: `Bearer ${apiKey.key}`, "X-Request-Id": "req-operations-spec-api" },
  });
  expect(apiCall.status).toBe(404);
  await expect
    .poll(() => logLines().find((entry) => entry.requestId === "req-operations-spec-api"))
    .toMatchObject({
      method: "DELETE",
      route: "/api/v1/invitations/{id}",
      status: 404,
      userId: account.user.id,
    });
  expect(counterValue(await scrape(), "latchkey_api_requests_total", { environment: "live", status: "404" })).toBe(liveCallsBefore + 1);

  const printed = instance.rawOutput();
  for (const secret of [session.cookieValue, session.token, account.user.email, account.password, "another-secret-token", METRICS_TOKEN, apiKey.key, missingInvitation]) {
    expect(printed).not.toContain(secret);
  }
  // The operator's endpoints are not logged at info level.
  expect(logLines().some((entry) => entry.route === "/healthz" || entry.route === "/metrics")).toBe(false);
});

test("an action's redirect logs no refusal: Next.js's fetch of the target from the server itself is answered in the process, and the browser loads the page", async ({
  browser,
  createUser,
}) => {
  // As in production, APP_URL names a host that is not the one Next.js fetches from itself
  // (http://localhost:<port>): before, each sign-in logged and counted two 421s for the page it
  // led to, and the browser loaded that page afterwards anyway.
  const appUrl = `http://127.0.0.1:${NAMED_HOST_PORT}`;
  const named = await startAppInstance(NAMED_HOST_PORT, { ...E2E_APP_ENV, APP_URL: appUrl, LOG_LEVEL: "info", METRICS_TOKEN: "" });
  try {
    const account = await createUser({ theme: "dark" });
    const requests = () =>
      named
        .rawOutput()
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.msg === "request");
    // Waiting for the server to start, the harness asked for /login at http://localhost:<port>: 421s already.
    const before = requests().length;
    const context = await browser.newContext({ baseURL: appUrl, colorScheme: "light" });
    const page = await context.newPage();
    await page.goto("/login");
    await signInThroughUi(page, account.user.email, account.password);
    await expect(page).toHaveURL(`${appUrl}/settings/profile`);
    await expect(page.getByRole("heading", { level: 1, name: "Profile" })).toBeVisible();
    // The browser loaded the page for the person now signed in, their theme included.
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    await context.close();

    const lines = () => requests().slice(before);
    // The browser's own request for the page is logged once its answer has ended.
    await expect.poll(() => lines().some((line) => line.method === "GET" && line.route === "/settings/profile" && line.status === 200)).toBe(true);
    expect(lines().filter((line) => line.status === 421)).toEqual([]);
    const metrics = await (await fetch(`${appUrl}/metrics`)).text();
    expect(metrics).toContain(`${REQUEST_HISTOGRAM}_count{method="POST",route="/login",status="200"}`);
    expect(metrics).not.toContain('route="/settings/profile",status="421"');
  } finally {
    await named.stop();
  }
});

test("/readyz answers 503 naming the database and Redis when they cannot be reached; /metrics answers loopback without a token", async () => {
  // Nothing listens on those ports on this machine.
  const unreachable = await startAppInstance(UNREACHABLE_DB_PORT, {
    ...E2E_APP_ENV,
    DATABASE_URL: `postgresql://latchkey@127.0.0.1:${E2E_PORT + 72}/latchkey`,
    REDIS_URL: `redis://127.0.0.1:${E2E_PORT + 73}`,
    METRICS_TOKEN: "",
  });
  try {
    const ready = await fetch(`${unreachable.baseURL}/readyz`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { status: string; checks: Record<string, unknown> };
    expect(body.status).toBe("not ready");
    expect(body.checks).toEqual({ database: { problem: "Latchkey can't reach its database (unreachable)" }, redis: { problem: "Latchkey can't reach Redis (unreachable)" } });
    expect((await fetch(`${unreachable.baseURL}/healthz`)).status).toBe(200);
    // No METRICS_TOKEN: this machine may read /metrics.
    expect((await fetch(`${unreachable.baseURL}/metrics`)).status).toBe(200);
  } finally {
    await unreachable.stop();
  }
});

test("SIGTERM while a request runs: the request completes, new connections are refused, buffered writes are flushed, the process exits 0", async ({ db, createUser }) => {
  const account = await createUser();
  const apiKey = await createTestApiKey(db, account.org.id, account.user.id);
  const exited = new Promise<number | null>((resolve) => instance.child.once("exit", (code) => resolve(code)));
  // "Last used" is written a second after a call (lib/api-keys/usage.ts); the process exits sooner.
  expect((await fetch(`${instance.baseURL}/api/v1/me`, { headers: { Authorization: `Bearer ${apiKey.key}` } })).status).toBe(200);
  const slow = await fetch(`${instance.baseURL}/__test__/slow?ms=500`);
  // The status line is out: the request is in flight.
  expect(slow.status).toBe(200);
  instance.child.kill("SIGTERM");
  await expect.poll(() => instance.output()).toContain("shutting down");
  await expect(fetch(`${instance.baseURL}/healthz`)).rejects.toThrow();
  expect(await slow.text()).toBe("waited 500 ms\n");
  expect(await exited).toBe(0);
  expect(instance.output()).toContain("stopped");
  expect(instance.output()).not.toContain("shutdown step failed");
  expect((await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id }, select: { lastUsedAt: true } })).lastUsedAt).not.toBeNull();
});

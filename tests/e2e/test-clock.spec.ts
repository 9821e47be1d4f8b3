// T-Q2, the test clock (docs/decisions/0011-test-clock.md): the suite's server runs with
// LATCHKEY_TEST_CLOCK=true and answers GET/POST /__test__/clock, forward only and bounded.
// The same build started without the variable has no such path (an ordinary 404), and the
// variable is refused outright with a public APP_URL.
import { E2E_APP_ENV, E2E_BASE_URL, E2E_PORT } from "./support/env";
import { runRefusedAppInstance, startAppInstance } from "./support/app-instance";
import { expect, test } from "./support/fixtures";
import { serverNow } from "./support/totp";

test("the suite's server has a clock the tests move forward, and only forward", async ({ request }) => {
  const before = await serverNow();
  // Never behind real time (the clock only moves forward from it).
  expect(before).toBeGreaterThanOrEqual(Date.now() - 1_000);

  const moved = await request.post(`${E2E_BASE_URL}/__test__/clock`, { data: { advanceMs: 1_000 } });
  expect(moved.status()).toBe(200);
  expect(((await moved.json()) as { now: number }).now).toBeGreaterThanOrEqual(before + 1_000);

  for (const advanceMs of [-1_000, 0, 1.5, "60000", 25 * 60 * 60 * 1000, null]) {
    const refused = await request.post(`${E2E_BASE_URL}/__test__/clock`, { data: { advanceMs } });
    expect(refused.status(), `advanceMs: ${JSON.stringify(advanceMs)}`).toBe(400);
  }
  const notJson = await request.post(`${E2E_BASE_URL}/__test__/clock`, { data: "soon", headers: { "Content-Type": "text/plain" } });
  expect(notJson.status()).toBe(400);
  expect((await request.put(`${E2E_BASE_URL}/__test__/clock`)).status()).toBe(405);
});

test("a server started without LATCHKEY_TEST_CLOCK has no clock, and a public APP_URL refuses it", async ({ request }) => {
  test.setTimeout(120_000);
  const plain = await startAppInstance(E2E_PORT + 51, { ...E2E_APP_ENV, LATCHKEY_TEST_CLOCK: "" });
  try {
    expect((await request.get(`${plain.baseURL}/__test__/clock`)).status()).toBe(404);
    expect((await request.post(`${plain.baseURL}/__test__/clock`, { data: { advanceMs: 60_000 } })).status()).toBe(404);
    expect(plain.output()).not.toContain("test clock");
  } finally {
    await plain.stop();
  }

  const refused = await runRefusedAppInstance({ ...E2E_APP_ENV, APP_URL: "https://latchkey.example", PORT: String(E2E_PORT + 52), LATCHKEY_TEST_CLOCK: "true" });
  expect(refused.exitCode).toBeGreaterThan(0);
  expect(refused.output).toContain("LATCHKEY_TEST_CLOCK=true is for the test suites only and needs a loopback APP_URL");
});

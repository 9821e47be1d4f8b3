// The rate limits' database store (lib/rate-limit/sql-store.ts, used when REDIS_URL is unset):
// each attempt is counted in the database, parallel attempts included; a window that has run
// out starts again at one; a reset forgets the key; the budget, once spent, refuses with the
// rest of the window as the wait.
import { randomUUID } from "node:crypto";
import { expect, test } from "vitest";
import { isLimited, limit, RATE_LIMITS, RateLimitedError, resetLimit } from "@/lib/rate-limit/limit";
import { advanceClock } from "../../fixtures/clock";

const SIGN_UP = RATE_LIMITS["sign-up:ip"];

test("parallel attempts are each counted once, and a reset forgets them", async () => {
  const key = `198.51.100.${randomUUID()}`;
  const counts = await Promise.all(Array.from({ length: 8 }, () => limit("sign-up:ip", key)));
  expect(counts.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  await resetLimit("sign-up:ip", key);
  expect(await limit("sign-up:ip", key)).toBe(1);
});

test("the budget spent, the next attempt is refused with the rest of the window; after the window it starts again at one", async () => {
  const key = `198.51.100.${randomUUID()}`;
  for (let attempt = 1; attempt <= SIGN_UP.points; attempt += 1) expect(await limit("sign-up:ip", key)).toBe(attempt);
  expect(await isLimited("sign-up:ip", key)).toEqual({ limited: false, retryAfterSeconds: 0 });

  const refusal = await limit("sign-up:ip", key).catch((error: unknown) => error);
  expect(refusal).toBeInstanceOf(RateLimitedError);
  expect((refusal as RateLimitedError).retryAfterSeconds).toBeGreaterThan(SIGN_UP.durationSeconds - 60);
  expect((refusal as RateLimitedError).retryAfterSeconds).toBeLessThanOrEqual(SIGN_UP.durationSeconds);
  expect((await isLimited("sign-up:ip", key)).limited).toBe(true);

  advanceClock(SIGN_UP.durationSeconds * 1000 + 1000);
  expect(await isLimited("sign-up:ip", key)).toEqual({ limited: false, retryAfterSeconds: 0 });
  expect(await limit("sign-up:ip", key)).toBe(1);
});

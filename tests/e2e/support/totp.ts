// TOTP codes computed in the test, independently of the app (otplib's RFC 6238 defaults: SHA-1,
// 6 digits, 30-second steps), for the server's time: the suite's server runs with the test clock
// (scripts/lib/test-clock.mjs), read and moved forward through GET/POST /__test__/clock. The
// server refuses a code whose step (or an earlier one) the account already used, so a second
// code for one account needs the next step: the server's clock is moved to it, not waited for.
// Both workers share the server, so a jump is never longer than one step: a code the other
// worker computed a moment before stays within the server's ±1 step.
import { generate } from "otplib";
import type { Db } from "./db";
import { E2E_BASE_URL } from "./env";

const PERIOD_SECONDS = 30;
const PERIOD_MS = PERIOD_SECONDS * 1000;
const CLOCK_URL = `${E2E_BASE_URL}/__test__/clock`;

/** The server's current time (epoch milliseconds). */
export async function serverNow(): Promise<number> {
  const response = await fetch(CLOCK_URL);
  if (!response.ok) throw new Error(`GET /__test__/clock answered ${response.status}: is LATCHKEY_TEST_CLOCK=true?`);
  return ((await response.json()) as { now: number }).now;
}

/** Moves the server's clock forward; returns its new time. Keep jumps short (see above). */
export async function advanceServerClock(ms: number): Promise<number> {
  const response = await fetch(CLOCK_URL, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ advanceMs: ms }) });
  if (!response.ok) throw new Error(`POST /__test__/clock answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { now: number }).now;
}

/** The RFC 6238 time step of a moment. */
export function totpStepAt(epochMs: number): number {
  return Math.floor(epochMs / PERIOD_MS);
}

/** The step the server is in now. */
export async function serverTotpStep(): Promise<number> {
  return totpStepAt(await serverNow());
}

/** The code of a step (the server's current one by default). */
export async function totpCode(secret: string, step?: number): Promise<string> {
  return generate({ secret, epoch: (step ?? (await serverTotpStep())) * PERIOD_SECONDS });
}

/**
 * A current code the account has not used yet: when the server's step is not newer than the
 * last one it accepted (users.totpLastUsedStep), its clock moves to the start of the next step.
 */
export async function unusedTotpCode(db: Db, userId: string, secret: string): Promise<string> {
  const { totpLastUsedStep } = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { totpLastUsedStep: true } });
  const now = await serverNow();
  if (totpLastUsedStep === null || totpStepAt(now) > totpLastUsedStep) return totpCode(secret, totpStepAt(now));
  const target = (totpLastUsedStep + 1) * PERIOD_MS;
  if (target - now > PERIOD_MS) throw new Error(`step ${totpLastUsedStep} is ahead of the server's clock: a longer jump than one step could break the other worker's codes`);
  return totpCode(secret, totpStepAt(await advanceServerClock(target - now)));
}

/** Six digits that are not the code of any step the server could accept now (T-2 … T+2). */
export async function wrongTotpCode(secret: string): Promise<string> {
  const now = await serverTotpStep();
  const near = new Set(await Promise.all([-2, -1, 0, 1, 2].map((offset) => totpCode(secret, now + offset))));
  for (let candidate = 0; ; candidate += 111_111) {
    const code = String(candidate % 1_000_000).padStart(6, "0");
    if (!near.has(code)) return code;
  }
}

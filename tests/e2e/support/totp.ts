// TOTP codes computed in the test, independently of the app (otplib's RFC 6238 defaults: SHA-1,
// 6 digits, 30-second steps). The server refuses a code whose step (or an earlier one) was
// already used by that account, so a second code for one account may have to wait for the
// next step: `unusedTotpCode` waits only when it must.
import { generate } from "otplib";
import type { Db } from "./db";

const PERIOD_SECONDS = 30;

/** The RFC 6238 time step of a moment. */
export function totpStep(epochMs: number = Date.now()): number {
  return Math.floor(epochMs / 1000 / PERIOD_SECONDS);
}

/** The code of a step (now by default). */
export function totpCode(secret: string, step: number = totpStep()): Promise<string> {
  return generate({ secret, epoch: step * PERIOD_SECONDS });
}

/** Sleeps until a new 30-second step has started, plus a second of margin. */
export async function nextTotpStep(): Promise<void> {
  const wait = (totpStep() + 1) * PERIOD_SECONDS * 1000 - Date.now() + 1000;
  await new Promise((resolve) => setTimeout(resolve, wait));
}

/**
 * A current code the account has not used yet: when the current step is not newer than the
 * last one the server accepted (users.totpLastUsedStep), waits for the next step first.
 */
export async function unusedTotpCode(db: Db, userId: string, secret: string): Promise<string> {
  const { totpLastUsedStep } = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { totpLastUsedStep: true } });
  if (totpLastUsedStep !== null && totpStep() <= totpLastUsedStep) await nextTotpStep();
  return totpCode(secret);
}

/** Six digits that are not the code of any step the server could accept now (T-2 … T+2). */
export async function wrongTotpCode(secret: string): Promise<string> {
  const now = totpStep();
  const near = new Set(await Promise.all([-2, -1, 0, 1, 2].map((offset) => totpCode(secret, now + offset))));
  for (let candidate = 0; ; candidate += 111_111) {
    const code = String(candidate % 1_000_000).padStart(6, "0");
    if (!near.has(code)) return code;
  }
}

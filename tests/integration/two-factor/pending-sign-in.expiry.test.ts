// The half-signed-in state between password and second factor lasts PENDING_SIGN_IN_TTL_MS,
// tested at the boundary with the test clock (tests/fixtures/clock.ts): the right code opens a
// session a second before the end, and a second after it opens nothing.
import { describe, expect, test } from "vitest";
import { authenticateWithPassword } from "@/lib/auth/authenticate-with-password";
import { PENDING_SIGN_IN_TTL_MS } from "@/lib/auth/pending-sign-in";
import { completeSecondFactor } from "@/lib/auth/second-factor";
import { db } from "@/lib/db/client";
import { advanceClockTo } from "../../fixtures/clock";
import { createTotpUser, nextTotpCode, testContext } from "../../fixtures/builders";

type TotpUser = Awaited<ReturnType<typeof createTotpUser>>;

/** The password step, with the moments it started and ended (the pending sign-in is made in between). */
async function startSignIn(user: TotpUser) {
  const startedAt = Date.now();
  const result = await authenticateWithPassword({ email: user.email, password: user.password }, testContext());
  if (result?.kind !== "second_factor") throw new Error(`expected a second-factor step, got ${JSON.stringify(result)}`);
  return { pendingToken: result.pendingToken, startedAt, endedAt: Date.now() };
}

/** After a jump of minutes the current step is unused, so the code is the current one (no further jump). */
async function enterCode(user: TotpUser, pendingToken: string) {
  return completeSecondFactor({ pendingToken, method: "totp", code: await nextTotpCode(user.userId, user.secret) }, testContext());
}

describe("the end of a pending sign-in", () => {
  test("the right code works until PENDING_SIGN_IN_TTL_MS after the password, then opens nothing", async () => {
    const user = await createTotpUser();

    const early = await startSignIn(user);
    advanceClockTo(early.startedAt + PENDING_SIGN_IN_TTL_MS - 1_000);
    expect(await enterCode(user, early.pendingToken)).toMatchObject({ ok: true });
    const sessions = await db.session.count({ where: { userId: user.userId } });

    const late = await startSignIn(user);
    advanceClockTo(late.endedAt + PENDING_SIGN_IN_TTL_MS + 1_000);
    expect(await enterCode(user, late.pendingToken)).toEqual({ ok: false, reason: "expired" });
    expect(await db.session.count({ where: { userId: user.userId } })).toBe(sessions);
  });
});

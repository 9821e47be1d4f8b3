// Step-up ("sudo mode", T-G1/T-G2): stored on the server-side session, fresh for
// STEP_UP_MAX_AGE_MS, never shared between sessions, a second factor for two-factor users,
// and failures count toward the account lockout.
import { describe, expect, test } from "vitest";
import { requestEmailChange } from "@/lib/account/change-email";
import { authenticateWithPassword } from "@/lib/auth/authenticate-with-password";
import { completeSecondFactor } from "@/lib/auth/second-factor";
import { findActiveSession } from "@/lib/auth/sessions";
import { STEP_UP_MAX_AGE_MS, endStepUp, requireStepUp, stepUp } from "@/lib/auth/step-up";
import { db } from "@/lib/db/client";
import { confirmTotpSetup, startTotpSetup } from "@/lib/totp/manage-totp";
import {
  activeSession,
  createSignedInUser,
  createTotpUser,
  lockoutKey,
  nextTotpCode,
  signIn,
  stepUpWithPassword,
  testContext,
  totpCodeAt,
  uniqueEmail,
  wrongTotpCode,
} from "../../fixtures/builders";

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

describe("stepping up with the password", () => {
  test("the right password sets Session.stepUpAt, logs it, and requireStepUp passes", async () => {
    const user = await createSignedInUser();
    expect(() => requireStepUp(user.session)).toThrow(expect.objectContaining({ code: "STEP_UP_REQUIRED" }));
    const context = testContext();
    const before = Date.now();

    await stepUp(user.session, { method: "password", password: user.password }, context);

    const row = await db.session.findUniqueOrThrow({ where: { id: user.session.sessionId } });
    expect(row.stepUpAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(row.stepUpSecondFactor).toBe(false);
    const elevated = await activeSession(user.token);
    expect(() => requireStepUp(elevated)).not.toThrow();
    expect(() => requireStepUp(elevated, { secondFactor: true })).toThrow(expect.objectContaining({ code: "STEP_UP_REQUIRED" }));
    expect(await db.auditEvent.findMany({ where: { userId: user.userId, action: "session.stepped_up" } })).toEqual([
      expect.objectContaining({ ipAddress: context.ipAddress, metadata: '{"method":"password"}' }),
    ]);
    // And a sensitive action now goes through.
    await expect(requestEmailChange(await activeSession(user.token), uniqueEmail("new"), testContext())).resolves.toBeUndefined();
  });

  test("it lasts 10 minutes: fresh at 9, gone at 11", async () => {
    const user = await createSignedInUser();
    await stepUpWithPassword(user.token, user.password);

    await db.session.update({ where: { id: user.session.sessionId }, data: { stepUpAt: minutesAgo(9) } });
    const fresh = await activeSession(user.token);
    expect(() => requireStepUp(fresh)).not.toThrow();

    await db.session.update({ where: { id: user.session.sessionId }, data: { stepUpAt: minutesAgo(11) } });
    const stale = await activeSession(user.token);
    expect(() => requireStepUp(stale)).toThrow(expect.objectContaining({ code: "STEP_UP_REQUIRED" }));
    await expect(requestEmailChange(stale, uniqueEmail("new"), testContext())).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });
    expect(STEP_UP_MAX_AGE_MS).toBe(10 * 60 * 1000);
  });

  test("elevation is per session: stepping up in session A leaves session B unelevated", async () => {
    const user = await createSignedInUser();
    const tokenB = await signIn(user.email, user.password);

    await stepUpWithPassword(user.token, user.password);

    requireStepUp(await activeSession(user.token));
    const sessionB = await activeSession(tokenB);
    expect(sessionB.stepUpAt).toBeNull();
    expect(() => requireStepUp(sessionB)).toThrow(expect.objectContaining({ code: "STEP_UP_REQUIRED" }));
    await expect(requestEmailChange(sessionB, uniqueEmail("new"), testContext())).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });
    // Revoking A ends its elevation with it, and B still has none.
    await db.session.delete({ where: { id: (await activeSession(user.token)).sessionId } });
    expect(await findActiveSession(user.token)).toBeNull();
    expect(() => requireStepUp(sessionB)).toThrow(expect.objectContaining({ code: "STEP_UP_REQUIRED" }));
    expect((await activeSession(tokenB)).stepUpAt).toBeNull();
  });

  test("a wrong password is refused, logged session.step_up_failed and counted toward the lockout", async () => {
    const user = await createSignedInUser();
    const context = testContext();

    await expect(stepUp(user.session, { method: "password", password: "Wrong-Horse-9" }, context)).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
      fieldErrors: { password: ["That password isn't right."] },
    });

    expect((await db.session.findUniqueOrThrow({ where: { id: user.session.sessionId } })).stepUpAt).toBeNull();
    const failed = await db.auditEvent.findMany({ where: { userId: user.userId, action: "session.step_up_failed" } });
    expect(failed).toEqual([expect.objectContaining({ ipAddress: context.ipAddress, metadata: '{"method":"password"}' })]);
    expect(failed[0]!.metadata).not.toContain("Wrong-Horse-9");
    expect(await db.rateLimiterFlexible.findUnique({ where: { key: lockoutKey(user.userId) } })).toMatchObject({ points: 1 });
  });

  test("endStepUp drops the elevation", async () => {
    const user = await createSignedInUser();
    const elevated = await stepUpWithPassword(user.token, user.password);
    requireStepUp(elevated);

    await endStepUp(elevated.sessionId);

    const after = await activeSession(user.token);
    expect(after).toMatchObject({ stepUpAt: null, stepUpSecondFactor: false });
    expect(() => requireStepUp(after)).toThrow(expect.objectContaining({ code: "STEP_UP_REQUIRED" }));
  });
});

describe("stepping up as a two-factor user", () => {
  test("the password is refused; a TOTP code steps up and satisfies the second-factor variant", async () => {
    const user = await createTotpUser();
    const tokenB = await signInWithTotp(user);
    const session = await activeSession(tokenB);

    await expect(stepUp(session, { method: "password", password: user.password }, testContext())).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect((await activeSession(tokenB)).stepUpAt).toBeNull();
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "session.step_up_failed", metadata: '{"method":"password"}' } })).toBe(1);

    await stepUp(session, { method: "totp", code: await nextTotpCode(user.userId, user.secret) }, testContext());

    const elevated = await activeSession(tokenB);
    expect(elevated.stepUpSecondFactor).toBe(true);
    expect(() => requireStepUp(elevated, { secondFactor: true })).not.toThrow();
  });

  test("turning TOTP on in one session changes what another session must present: claims are re-read (T-B6)", async () => {
    const user = await createSignedInUser();
    const otherToken = await signIn(user.email, user.password);
    const staleOther = await activeSession(otherToken); // read before TOTP was turned on
    expect(staleOther.user.totpEnabled).toBe(false);

    const session = await stepUpWithPassword(user.token, user.password);
    const { secret } = await startTotpSetup(session);
    await confirmTotpSetup(session, await totpCodeAt(secret, -1), testContext());

    // The next request of the other session reads the account afresh ...
    const other = await activeSession(otherToken);
    expect(other.user.totpEnabled).toBe(true);
    // ... so its password no longer steps up; only a code does.
    await expect(stepUp(other, { method: "password", password: user.password }, testContext())).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect((await activeSession(otherToken)).stepUpAt).toBeNull();
    await stepUp(other, { method: "totp", code: await nextTotpCode(user.userId, secret) }, testContext());
    expect((await activeSession(otherToken)).stepUpSecondFactor).toBe(true);
  });

  test("the second-factor variant refuses a password-only step-up", async () => {
    const user = await createSignedInUser();
    const elevated = await stepUpWithPassword(user.token, user.password);
    expect(() => requireStepUp(elevated, { secondFactor: true })).toThrow(
      expect.objectContaining({ code: "STEP_UP_REQUIRED", message: "Confirm it's you with your authenticator app to continue." }),
    );
  });

  test("a wrong or replayed code is refused, logged and counted toward the lockout", async () => {
    const user = await createTotpUser();
    const code = await nextTotpCode(user.userId, user.secret);
    await stepUp(user.session, { method: "totp", code }, testContext());

    await expect(stepUp(user.session, { method: "totp", code }, testContext())).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
      fieldErrors: { code: ["That code was already used. Wait for the next one from your app."] },
    });
    await expect(stepUp(user.session, { method: "totp", code: await wrongTotpCode(user.secret) }, testContext())).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
      fieldErrors: { code: ["That code didn't work."] },
    });

    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "session.step_up_failed", metadata: '{"method":"totp"}' } })).toBe(2);
    expect(await db.rateLimiterFlexible.findUnique({ where: { key: lockoutKey(user.userId) } })).toMatchObject({ points: 2 });
  });
});

/** Signs in again with password and the next TOTP code; returns the new session's token. */
async function signInWithTotp(user: Awaited<ReturnType<typeof createTotpUser>>): Promise<string> {
  const step = await authenticateWithPassword({ email: user.email, password: user.password }, testContext());
  if (step?.kind !== "second_factor") throw new Error("expected a second-factor step");
  const result = await completeSecondFactor({ pendingToken: step.pendingToken, method: "totp", code: await nextTotpCode(user.userId, user.secret) }, testContext());
  if (!result.ok) throw new Error("expected a session");
  return result.sessionToken;
}

// Signing in with a password and an authenticator code (T-B6, T-C3, T-D2): the password
// alone opens nothing, the pending sign-in is bound to one user, single-use and short-lived,
// and a code works once.
import { describe, expect, test } from "vitest";
import { authenticateWithPassword } from "@/lib/auth/authenticate-with-password";
import { PENDING_SIGN_IN_MAX_FAILURES } from "@/lib/auth/pending-sign-in";
import { completeSecondFactor } from "@/lib/auth/second-factor";
import { findActiveSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { createTotpUser, nextTotpCode, testContext, totpCodeAt, wrongTotpCode } from "../../fixtures/builders";

type TotpUser = Awaited<ReturnType<typeof createTotpUser>>;

/** The password step: a pending-sign-in token, never a session. */
async function passwordStep(user: TotpUser): Promise<string> {
  const result = await authenticateWithPassword({ email: user.email, password: user.password }, testContext());
  if (result?.kind !== "second_factor") throw new Error(`expected a second-factor step, got ${JSON.stringify(result)}`);
  return result.pendingToken;
}

describe("the password step of a two-factor user", () => {
  test("yields a pending sign-in and no session", async () => {
    const user = await createTotpUser();
    const sessionsBefore = await db.session.count({ where: { userId: user.userId } });

    const result = await authenticateWithPassword({ email: user.email, password: user.password }, testContext());

    expect(result).toEqual({ kind: "second_factor", pendingToken: expect.any(String) });
    expect(await db.session.count({ where: { userId: user.userId } })).toBe(sessionsBefore);
    expect(await db.pendingSignIn.count({ where: { userId: user.userId } })).toBe(1);
    // The pending token is not a session token.
    if (result?.kind === "second_factor") expect(await findActiveSession(result.pendingToken)).toBeNull();
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "user.signed_in" } })).toBe(1); // the set-up sign-in only
  });
});

describe("completeSecondFactor with a TOTP code", () => {
  test("a valid code opens a session signed in with password+totp and uses up the pending sign-in", async () => {
    const user = await createTotpUser();
    const pendingToken = await passwordStep(user);
    const context = testContext();

    const result = await completeSecondFactor({ pendingToken, method: "totp", code: await nextTotpCode(user.userId, user.secret) }, context);

    expect(result).toEqual({ ok: true, userId: user.userId, sessionToken: expect.any(String) });
    if (!result.ok) return;
    const session = await findActiveSession(result.sessionToken);
    expect(session).toMatchObject({ signInMethod: "password+totp", user: { id: user.userId, totpEnabled: true } });
    expect(await db.pendingSignIn.count({ where: { userId: user.userId } })).toBe(0);
    const signedIn = await db.auditEvent.findMany({ where: { userId: user.userId, action: "user.signed_in", ipAddress: context.ipAddress } });
    expect(signedIn.map((event) => JSON.parse(event.metadata))).toEqual([expect.objectContaining({ method: "password+totp" })]);
    // The used pending token does not work a second time.
    expect(await completeSecondFactor({ pendingToken, method: "totp", code: await nextTotpCode(user.userId, user.secret) }, testContext())).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  test("the same code on a new pending sign-in is refused as a replay and logged (T-D2)", async () => {
    const user = await createTotpUser();
    const code = await nextTotpCode(user.userId, user.secret);
    const first = await completeSecondFactor({ pendingToken: await passwordStep(user), method: "totp", code }, testContext());
    expect(first.ok).toBe(true);
    const sessionsAfterFirst = await db.session.count({ where: { userId: user.userId } });

    const replayContext = testContext();
    const replay = await completeSecondFactor({ pendingToken: await passwordStep(user), method: "totp", code }, replayContext);

    expect(replay).toEqual({ ok: false, reason: "invalid" });
    expect(await db.session.count({ where: { userId: user.userId } })).toBe(sessionsAfterFirst);
    const reused = await db.auditEvent.findMany({ where: { userId: user.userId, action: "two_factor.code_reused" } });
    expect(reused).toHaveLength(1);
    expect(reused[0]).toMatchObject({ ipAddress: replayContext.ipAddress });
    expect(JSON.parse(reused[0]!.metadata)).toEqual({ method: "totp", step: "sign_in" });
    expect(reused[0]!.metadata).not.toContain(code);
  });

  test("the code of an earlier step than the last accepted one is a replay too", async () => {
    const user = await createTotpUser();
    // Set-up used the previous step's code; accept the next step's code now.
    expect((await completeSecondFactor({ pendingToken: await passwordStep(user), method: "totp", code: await totpCodeAt(user.secret, 1) }, testContext())).ok).toBe(true);

    const older = await totpCodeAt(user.secret, 0);
    expect(await completeSecondFactor({ pendingToken: await passwordStep(user), method: "totp", code: older }, testContext())).toEqual({ ok: false, reason: "invalid" });
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "two_factor.code_reused" } })).toBe(1);
  });

  test("10 parallel submissions of one correct code on one pending sign-in open exactly one session (T-C3)", async () => {
    const user = await createTotpUser();
    const pendingToken = await passwordStep(user);
    const code = await nextTotpCode(user.userId, user.secret);
    const sessionsBefore = await db.session.count({ where: { userId: user.userId } });

    const results = await Promise.allSettled(Array.from({ length: 10 }, () => completeSecondFactor({ pendingToken, method: "totp", code }, testContext())));

    const opened = results.filter((result) => result.status === "fulfilled" && result.value.ok);
    expect(opened).toHaveLength(1);
    // The others were refused: as invalid, or by the per-pending-sign-in attempt limit.
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason).toMatchObject({ code: "RATE_LIMITED" });
      else if (!result.value.ok) expect(result.value.reason).toMatch(/^(invalid|expired)$/);
    }
    expect(await db.session.count({ where: { userId: user.userId } })).toBe(sessionsBefore + 1);
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "user.signed_in", metadata: { contains: "password+totp" } } })).toBe(1);
  });

  test("user A's pending sign-in cannot be completed with user B's valid code (T-B6)", async () => {
    const [alice, bob] = await Promise.all([createTotpUser(), createTotpUser()]);
    const alicePending = await passwordStep(alice);
    const bobCode = await nextTotpCode(bob.userId, bob.secret);
    const aliceAccepts = await Promise.all([-1, 0, 1].map((offset) => totpCodeAt(alice.secret, offset)));
    expect(aliceAccepts).not.toContain(bobCode); // else the two secrets would agree by chance (~1 in 300 000)
    const sessionsBefore = { alice: await db.session.count({ where: { userId: alice.userId } }), bob: await db.session.count({ where: { userId: bob.userId } }) };

    const result = await completeSecondFactor({ pendingToken: alicePending, method: "totp", code: bobCode }, testContext());

    expect(result).toEqual({ ok: false, reason: "invalid" });
    expect(await db.session.count({ where: { userId: alice.userId } })).toBe(sessionsBefore.alice);
    expect(await db.session.count({ where: { userId: bob.userId } })).toBe(sessionsBefore.bob);
    expect(await db.auditEvent.count({ where: { userId: alice.userId, action: "two_factor.code_failed" } })).toBe(1);
    // Bob's code was not spent on Alice's attempt: it still signs Bob in.
    const bobResult = await completeSecondFactor({ pendingToken: await passwordStep(bob), method: "totp", code: bobCode }, testContext());
    expect(bobResult).toMatchObject({ ok: true, userId: bob.userId });
  });

  test("an expired pending sign-in is refused with reason expired, and the code stays unused", async () => {
    const user = await createTotpUser();
    const pendingToken = await passwordStep(user);
    await db.pendingSignIn.updateMany({ where: { userId: user.userId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const code = await nextTotpCode(user.userId, user.secret);
    const sessionsBefore = await db.session.count({ where: { userId: user.userId } });

    expect(await completeSecondFactor({ pendingToken, method: "totp", code }, testContext())).toEqual({ ok: false, reason: "expired" });

    expect(await db.session.count({ where: { userId: user.userId } })).toBe(sessionsBefore);
    // Nothing was checked, so the code still works after a fresh password step.
    expect((await completeSecondFactor({ pendingToken: await passwordStep(user), method: "totp", code }, testContext())).ok).toBe(true);
  });

  test(`after ${PENDING_SIGN_IN_MAX_FAILURES} wrong codes the pending sign-in is dead, even for the right code`, async () => {
    const user = await createTotpUser();
    const pendingToken = await passwordStep(user);
    const wrong = await wrongTotpCode(user.secret);
    const sessionsBefore = await db.session.count({ where: { userId: user.userId } });

    for (let attempt = 0; attempt < PENDING_SIGN_IN_MAX_FAILURES; attempt += 1) {
      expect(await completeSecondFactor({ pendingToken, method: "totp", code: wrong }, testContext())).toEqual({ ok: false, reason: "invalid" });
    }
    const right = await nextTotpCode(user.userId, user.secret);
    expect(await completeSecondFactor({ pendingToken, method: "totp", code: right }, testContext())).toEqual({ ok: false, reason: "expired" });

    expect(await db.session.count({ where: { userId: user.userId } })).toBe(sessionsBefore);
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "two_factor.code_failed" } })).toBe(PENDING_SIGN_IN_MAX_FAILURES);
  });

  test("a new password step replaces the previous pending sign-in", async () => {
    const user = await createTotpUser();
    const first = await passwordStep(user);
    const second = await passwordStep(user);
    const code = await nextTotpCode(user.userId, user.secret);

    expect(await completeSecondFactor({ pendingToken: first, method: "totp", code }, testContext())).toEqual({ ok: false, reason: "expired" });
    expect((await completeSecondFactor({ pendingToken: second, method: "totp", code }, testContext())).ok).toBe(true);
  });
});

// Brute force (T-C1, T-C2, T-C4, T-B1): one failure counter per account for every factor,
// whatever the IP; a locked account answers like a wrong password; the lock cannot be used
// to keep the owner from resetting their password; and a per-IP limit on sign-in attempts.
import { describe, expect, test } from "vitest";
import { changePassword } from "@/lib/accounts/change-password";
import { requestPasswordReset, resetPassword } from "@/lib/accounts/reset-password";
import { authenticateWithPassword } from "@/lib/auth/authenticate-with-password";
import { completeSecondFactor } from "@/lib/auth/second-factor";
import { stepUp } from "@/lib/auth/step-up";
import { db } from "@/lib/db/client";
import { RATE_LIMITS, RateLimitedError } from "@/lib/rate-limit/limit";
import {
  activeSession,
  createTestUser,
  createTotpUser,
  lastMail,
  linkTokenIn,
  lockoutKey,
  mailsTo,
  nextTotpCode,
  signIn,
  testContext,
  uniqueEmail,
  wrongTotpCode,
} from "../../fixtures/builders";

const BUDGET = RATE_LIMITS["auth-failures:account"].points;
const LOCKED_SUBJECT = "Sign-in paused after failed attempts";
const WRONG_PASSWORD = "Wrong-Horse-9";

/**
 * Wrong passwords, each from its own address (the per-IP limit never sees more than one),
 * sent together as a botnet would.
 */
async function failPasswords(email: string, times: number): Promise<void> {
  const answers = await Promise.all(Array.from({ length: times }, () => authenticateWithPassword({ email, password: WRONG_PASSWORD }, testContext())));
  expect(answers).toEqual(Array.from({ length: times }, () => null));
}

/**
 * How an operator unlocks an account before the block ends (docs/decisions/0007): delete its
 * failure counter. Tests do the same instead of waiting 15 minutes.
 */
async function unlock(userId: string): Promise<void> {
  await db.rateLimiterFlexible.deleteMany({ where: { key: lockoutKey(userId) } });
}

describe("account lockout", () => {
  test("wrong passwords from rotating IPs lock the account: the right password then answers like an unknown email or a wrong one (T-B1); one log row, one email; deleting the counter unlocks", async () => {
    const user = await createTestUser();
    const other = await createTestUser();

    await failPasswords(user.email, BUDGET + 1);

    const context = testContext();
    const answers = [
      await authenticateWithPassword({ email: user.email, password: user.password }, context),
      await authenticateWithPassword({ email: uniqueEmail("nobody"), password: user.password }, testContext()),
      await authenticateWithPassword({ email: other.email, password: WRONG_PASSWORD }, testContext()),
    ];
    expect(answers).toEqual([null, null, null]);
    expect(await db.session.count({ where: { userId: { in: [user.userId, other.userId] } } })).toBe(0);
    expect(await db.pendingSignIn.count({ where: { userId: { in: [user.userId, other.userId] } } })).toBe(0);
    // Only the log, never the answer, says why.
    const refused = await db.auditEvent.findMany({ where: { userId: user.userId, action: "user.sign_in_failed", ipAddress: context.ipAddress } });
    expect(refused.map((event) => JSON.parse(event.metadata))).toEqual([{ method: "password", reason: "locked" }]);
    // More attempts while locked neither log another lockout nor mail again.
    await failPasswords(user.email, 3);
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "user.locked_out" } })).toBe(1);
    const notices = (await mailsTo(user.email)).filter((mail) => mail.subject === LOCKED_SUBJECT);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.textBody).toContain("sign-in is paused for 15 minutes");
    expect(notices[0]!.textBody).not.toContain(WRONG_PASSWORD);

    await unlock(user.userId);
    expect((await authenticateWithPassword({ email: user.email, password: user.password }, testContext()))?.kind).toBe("session");
  });

  /**
   * Known bug: lib/auth/lockout.ts says the account locks "after RATE_LIMITS[…].points
   * failures", and docs/decisions/0007 says "10 / 15 min, then locked", but isLimited()
   * only reports a lock once consumedPoints > points: after exactly 10 failures the 11th
   * guess is still checked, so an attacker gets 11 guesses per window. Drop `.fails` when fixed.
   */
  test(`locks after exactly ${BUDGET} failures, as documented`, async () => {
    const user = await createTestUser();
    await failPasswords(user.email, BUDGET);
    expect(await authenticateWithPassword({ email: user.email, password: user.password }, testContext())).toBeNull();
  });

  test("passwords, TOTP codes, recovery codes and step-ups count toward one lock; then every factor is refused (T-C1)", async () => {
    const user = await createTotpUser();
    const pending = await authenticateWithPassword({ email: user.email, password: user.password }, testContext());
    if (pending?.kind !== "second_factor") throw new Error("expected a second-factor step");
    const wrongCode = await wrongTotpCode(user.secret);

    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect(await completeSecondFactor({ pendingToken: pending.pendingToken, method: "totp", code: wrongCode }, testContext())).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await completeSecondFactor({ pendingToken: pending.pendingToken, method: "recovery_code", code: "aaaaa-bbbbb" }, testContext())).toEqual({
      ok: false,
      reason: "invalid",
    });
    await failPasswords(user.email, 4);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await expect(stepUp(user.session, { method: "totp", code: wrongCode }, testContext())).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    }
    // 3 + 1 + 4 + 3 = 11 failed factors, from 11 addresses.
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "user.locked_out" } })).toBe(1);
    expect((await mailsTo(user.email)).filter((mail) => mail.subject === LOCKED_SUBJECT)).toHaveLength(1);

    // While locked, right answers are refused too, and nothing tells them apart from wrong ones.
    const sessionsBefore = await db.session.count({ where: { userId: user.userId } });
    const code = await nextTotpCode(user.userId, user.secret);
    expect(await completeSecondFactor({ pendingToken: pending.pendingToken, method: "totp", code }, testContext())).toEqual({ ok: false, reason: "invalid" });
    expect(await completeSecondFactor({ pendingToken: pending.pendingToken, method: "recovery_code", code: user.recoveryCodes[0]! }, testContext())).toEqual({
      ok: false,
      reason: "expired", // five wrong codes used up this pending sign-in
    });
    expect(await authenticateWithPassword({ email: user.email, password: user.password }, testContext())).toBeNull();
    await expect(stepUp(user.session, { method: "totp", code }, testContext())).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect(await db.session.count({ where: { userId: user.userId } })).toBe(sessionsBefore);
    expect((await activeSession(user.token)).stepUpSecondFactor).toBe(false);
    // The refused right code was not spent: after an unlock it still works.
    await unlock(user.userId);
    await stepUp(user.session, { method: "totp", code }, testContext());
    expect((await activeSession(user.token)).stepUpSecondFactor).toBe(true);
  });

  test("a signed-in session cannot keep guessing the password through changePassword once locked", async () => {
    // An attacker holding a stolen session cookie tries current passwords on the change form.
    const user = await createTestUser();
    const token = await signIn(user.email, user.password);
    const session = await activeSession(token);
    for (let attempt = 0; attempt <= BUDGET; attempt += 1) {
      await changePassword(session, { currentPassword: `Guess-${attempt}-Horse`, newPassword: "Taken-Over-Pass-1", signOutOtherSessions: true }, testContext()).catch(() => null);
    }
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "user.locked_out" } })).toBe(1);

    await expect(
      changePassword(session, { currentPassword: user.password, newPassword: "Taken-Over-Pass-1", signOutOtherSessions: true }, testContext()),
    ).rejects.toMatchObject({ code: "RATE_LIMITED" });

    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "user.password_changed" } })).toBe(0);
    await unlock(user.userId);
    expect((await authenticateWithPassword({ email: user.email, password: user.password }, testContext()))?.kind).toBe("session");
  });

  test("a burst of parallel wrong passwords locks once: one log row, one email, counter past the budget", async () => {
    const user = await createTestUser();

    await failPasswords(user.email, BUDGET + 5);

    // Once over budget the limiter writes the block with the count it saw, so later parallel
    // increments may be overwritten: the row says "more than the budget", not exactly how many.
    const counter = await db.rateLimiterFlexible.findUniqueOrThrow({ where: { key: lockoutKey(user.userId) } });
    expect(counter.points).toBeGreaterThan(BUDGET);
    expect(counter.expire!.getTime()).toBeGreaterThan(Date.now() + (RATE_LIMITS["auth-failures:account"].blockSeconds - 60) * 1000);
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "user.locked_out" } })).toBe(1);
    expect((await mailsTo(user.email)).filter((mail) => mail.subject === LOCKED_SUBJECT)).toHaveLength(1);
    expect(await authenticateWithPassword({ email: user.email, password: user.password }, testContext())).toBeNull();
  });

  /**
   * T-C3: each attempt is counted before its password is checked, so of a burst sent
   * together no more than BUDGET are ever checked; the rest are refused unchecked, and the
   * right password afterwards is refused too.
   */
  test("a parallel burst of guesses gets no more than the budget of checked passwords", async () => {
    const user = await createTestUser();
    const burst = BUDGET + 5;
    const results = await Promise.all(Array.from({ length: burst }, () => authenticateWithPassword({ email: user.email, password: WRONG_PASSWORD }, testContext())));

    expect(results.every((result) => result === null)).toBe(true);
    const failures = await db.auditEvent.findMany({ where: { userId: user.userId, action: "user.sign_in_failed" }, select: { metadata: true } });
    const refusedUnchecked = failures.filter((failure) => JSON.parse(failure.metadata).reason === "locked").length;
    expect(failures).toHaveLength(burst);
    expect(burst - refusedUnchecked).toBe(BUDGET);
    expect(await authenticateWithPassword({ email: user.email, password: user.password }, testContext())).toBeNull();
    expect(await db.session.count({ where: { userId: user.userId } })).toBe(0);
  });

  test("a successful sign-in clears the counter", async () => {
    const user = await createTestUser();
    await failPasswords(user.email, BUDGET - 1);
    expect(await db.rateLimiterFlexible.findUnique({ where: { key: lockoutKey(user.userId) } })).toMatchObject({ points: BUDGET - 1 });

    expect((await authenticateWithPassword({ email: user.email, password: user.password }, testContext()))?.kind).toBe("session");

    expect(await db.rateLimiterFlexible.findUnique({ where: { key: lockoutKey(user.userId) } })).toBeNull();
  });
});

describe("lockout is not a weapon (T-C2)", () => {
  test("a locked owner still gets a working reset link", async () => {
    const user = await createTestUser();
    await failPasswords(user.email, BUDGET + 1);

    await expect(requestPasswordReset(user.email, testContext())).resolves.toBeUndefined();

    const mail = await lastMail(user.email, "Reset your password");
    const token = linkTokenIn(mail.textBody, "/reset-password");
    await resetPassword(token, "Fresh-Lantern-42", testContext());
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "user.password_reset" } })).toBe(1);
  });
});

describe("per-IP sign-in limit (T-C4)", () => {
  test(`after ${RATE_LIMITS["sign-in:ip"].points} attempts from one IP the next is refused with a wait; other IPs are not`, async () => {
    const user = await createTestUser();
    const attacker = testContext();
    const budget = RATE_LIMITS["sign-in:ip"].points;

    // Spraying one password over many (unknown) accounts from one address.
    const sprayed = await Promise.all(Array.from({ length: budget }, () => authenticateWithPassword({ email: uniqueEmail("spray"), password: WRONG_PASSWORD }, attacker)));
    expect(sprayed.every((result) => result === null)).toBe(true);

    const refused = authenticateWithPassword({ email: user.email, password: user.password }, attacker);
    await expect(refused).rejects.toBeInstanceOf(RateLimitedError);
    const error = (await refused.catch((caught: unknown) => caught)) as RateLimitedError;
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(RATE_LIMITS["sign-in:ip"].durationSeconds);
    expect(error.message).toMatch(/^Too many attempts\. Try again in \d+ minutes?\.$/);
    expect(await db.session.count({ where: { userId: user.userId } })).toBe(0);

    // The limit is the address's, not the account's: the owner elsewhere signs in.
    expect((await authenticateWithPassword({ email: user.email, password: user.password }, testContext()))?.kind).toBe("session");
  });
});

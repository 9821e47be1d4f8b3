// Brute force (T-C1, T-C2, T-C4, T-B1): one failure counter per account for every factor,
// whatever the IP; a locked account says sign-in is paused, and so does an unknown address
// after as many attempts (no oracle); the lock cannot be used to keep the owner from
// resetting their password; and a per-IP limit on sign-in attempts.
import { describe, expect, test } from "vitest";
import { changePassword } from "@/lib/account/change-password";
import { requestPasswordReset, resetPassword } from "@/lib/account/reset-password";
import { authenticateWithPassword } from "@/lib/auth/authenticate-with-password";
import { completeSecondFactor } from "@/lib/auth/second-factor";
import { stepUp } from "@/lib/auth/step-up";
import { db } from "@/lib/db/client";
import { SignInPausedError } from "@/lib/auth/lockout";
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
const PAUSED = "Too many attempts. Sign-in is paused for 15 minutes; we emailed you.";

/** What the sign-in form would say: "incorrect" (null), "paused", or a session / second step. */
async function signInAnswer(email: string, password: string): Promise<string> {
  try {
    const result = await authenticateWithPassword({ email, password }, testContext());
    return result ? result.kind : "incorrect";
  } catch (error) {
    if (error instanceof SignInPausedError) return error.message === PAUSED ? "paused" : error.message;
    throw error;
  }
}

/**
 * Wrong passwords, each from its own address (the per-IP limit never sees more than one),
 * sent together as a botnet would. Each answer is "incorrect" until the counter locks, then
 * "paused".
 */
async function failPasswords(email: string, times: number): Promise<void> {
  const answers = await Promise.all(Array.from({ length: times }, () => signInAnswer(email, WRONG_PASSWORD)));
  for (const answer of answers) expect(["incorrect", "paused"]).toContain(answer);
}

/**
 * How an operator unlocks an account before the block ends (docs/decisions/0007): delete its
 * failure counter. Tests do the same instead of waiting 15 minutes.
 */
async function unlock(userId: string): Promise<void> {
  await db.rateLimiterFlexible.deleteMany({ where: { key: lockoutKey(userId) } });
}

describe("account lockout", () => {
  test("wrong passwords from rotating IPs lock the account: the right password then says sign-in is paused; one log row, one email; deleting the counter unlocks", async () => {
    const user = await createTestUser();
    const other = await createTestUser();

    await failPasswords(user.email, BUDGET + 1);

    const context = testContext();
    await expect(authenticateWithPassword({ email: user.email, password: user.password }, context)).rejects.toThrow(PAUSED);
    // Other accounts and fresh unknown addresses are untouched by this account's lock.
    expect(await signInAnswer(uniqueEmail("nobody"), user.password)).toBe("incorrect");
    expect(await signInAnswer(other.email, WRONG_PASSWORD)).toBe("incorrect");
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
    expect(await signInAnswer(user.email, user.password)).toBe("paused");
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
    expect(await signInAnswer(user.email, user.password)).toBe("paused");
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

    await expect(changePassword(session, { currentPassword: user.password, newPassword: "Taken-Over-Pass-1", signOutOtherSessions: true }, testContext())).rejects.toMatchObject({
      code: "RATE_LIMITED",
    });

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
    expect(await signInAnswer(user.email, user.password)).toBe("paused");
  });

  /**
   * T-C3: each attempt is counted before its password is checked, so of a burst sent
   * together no more than BUDGET are ever checked; the rest are refused unchecked, and the
   * right password afterwards is refused too.
   */
  test("a parallel burst of guesses gets no more than the budget of checked passwords", async () => {
    const user = await createTestUser();
    const burst = BUDGET + 5;
    const results = await Promise.all(Array.from({ length: burst }, () => signInAnswer(user.email, WRONG_PASSWORD)));

    expect(results.filter((result) => result === "incorrect")).toHaveLength(BUDGET);
    expect(results.filter((result) => result === "paused")).toHaveLength(burst - BUDGET);
    const failures = await db.auditEvent.findMany({ where: { userId: user.userId, action: "user.sign_in_failed" }, select: { metadata: true } });
    const refusedUnchecked = failures.filter((failure) => JSON.parse(failure.metadata).reason === "locked").length;
    expect(failures).toHaveLength(burst);
    expect(burst - refusedUnchecked).toBe(BUDGET);
    expect(await signInAnswer(user.email, user.password)).toBe("paused");
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

/**
 * A locked account used to answer "Email or password is incorrect." even to the right
 * password, so its owner could not tell why. It now says sign-in is paused; an unknown
 * address says the same after the same number of attempts, so the message is no oracle.
 * @see issue 8, item 3
 */
describe("the paused message", () => {
  test("a known and an unknown address get the same answers, attempt after attempt, and reach the paused message together", async () => {
    const user = await createTestUser();
    const nobody = uniqueEmail("nobody");
    const known: string[] = [];
    const unknown: string[] = [];
    for (let attempt = 0; attempt < BUDGET + 2; attempt += 1) {
      known.push(await signInAnswer(user.email, WRONG_PASSWORD));
      unknown.push(await signInAnswer(nobody, WRONG_PASSWORD));
    }
    const expected = [...Array.from({ length: BUDGET }, () => "incorrect"), "paused", "paused"];
    expect(known).toEqual(expected);
    expect(unknown).toEqual(expected);
  });

  test("the right password while locked gets the paused message; a wrong one before the lock stays generic", async () => {
    const user = await createTestUser();
    for (let attempt = 0; attempt < BUDGET - 1; attempt += 1) expect(await signInAnswer(user.email, WRONG_PASSWORD)).toBe("incorrect");
    // The attempt that uses up the budget is still answered like any wrong password.
    expect(await signInAnswer(user.email, WRONG_PASSWORD)).toBe("incorrect");

    const refused = authenticateWithPassword({ email: user.email, password: user.password }, testContext());
    await expect(refused).rejects.toBeInstanceOf(SignInPausedError);
    await expect(refused).rejects.toMatchObject({ code: "RATE_LIMITED", message: PAUSED });
    expect(await db.session.count({ where: { userId: user.userId } })).toBe(0);
    expect((await mailsTo(user.email)).filter((mail) => mail.subject === LOCKED_SUBJECT)).toHaveLength(1);
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

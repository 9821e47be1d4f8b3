// Changing and resetting a password (T-B2, T-B3, T-M2): the current password is required,
// weak passwords are refused, other sessions end, reset links are hashed, single-use,
// short-lived and superseded by newer ones, and a reset signs nobody in nor turns 2FA off.
import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { changePassword } from "@/lib/account/change-password";
import { getPasswordResetLink, requestPasswordReset, resetPassword } from "@/lib/account/reset-password";
import { authenticateWithPassword } from "@/lib/auth/authenticate-with-password";
import { findActiveSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { RATE_LIMITS } from "@/lib/rate-limit/limit";
import { createSignedInUser, createTestUser, createTotpUser, lastMail, linkTokenIn, lockoutKey, mailsTo, signIn, testContext, uniqueEmail } from "../../fixtures/builders";

const NEW_PASSWORD = "Quiet-Meadow-Lantern-7";
const RESET_SUBJECT = "Reset your password";

async function signsIn(email: string, password: string): Promise<boolean> {
  return (await authenticateWithPassword({ email, password }, testContext())) !== null;
}

describe("changePassword", () => {
  test("a missing or wrong current password is refused, changes nothing and counts as a failed factor", async () => {
    const user = await createSignedInUser();
    const before = await db.user.findUniqueOrThrow({ where: { id: user.userId }, select: { passwordHash: true } });

    for (const currentPassword of [undefined, "Wrong-Horse-9"]) {
      await expect(changePassword(user.session, { currentPassword, newPassword: NEW_PASSWORD, signOutOtherSessions: true }, testContext())).rejects.toMatchObject({
        code: "INVALID_INPUT",
        fieldErrors: { currentPassword: ["Your current password isn't right."] },
      });
    }

    expect(await db.user.findUniqueOrThrow({ where: { id: user.userId }, select: { passwordHash: true } })).toEqual(before);
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "user.password_changed" } })).toBe(0);
    expect((await mailsTo(user.email)).map((mail) => mail.subject)).not.toContain("Your password was changed");
    expect(await db.rateLimiterFlexible.findUnique({ where: { key: lockoutKey(user.userId) } })).toMatchObject({ points: 2 });
  });

  test("the current password as the new one is refused", async () => {
    const user = await createSignedInUser();
    await expect(changePassword(user.session, { currentPassword: user.password, newPassword: user.password, signOutOtherSessions: true }, testContext())).rejects.toMatchObject({
      code: "INVALID_INPUT",
      fieldErrors: { password: ["Your new password must be different from your current one."] },
    });
  });

  test.each([
    ["a common password", "Password1!", /too common/],
    ["the person's own name", "AdaLovelace", /name, your email or the word Latchkey/],
  ])("%s is refused with a reason", async (_label, newPassword, reason) => {
    const user = await createSignedInUser();
    const attempt = changePassword(user.session, { currentPassword: user.password, newPassword, signOutOtherSessions: true }, testContext());
    await expect(attempt).rejects.toMatchObject({ code: "INVALID_INPUT", fieldErrors: { password: [expect.stringMatching(reason)] } });
    expect(await signsIn(user.email, newPassword)).toBe(false);
    expect(await signsIn(user.email, user.password)).toBe(true);
  });

  test("on success other sessions end by default; the change is logged and mailed", async () => {
    const user = await createSignedInUser();
    const others = [await signIn(user.email, user.password), await signIn(user.email, user.password)];
    const context = testContext();

    const result = await changePassword(user.session, { currentPassword: user.password, newPassword: NEW_PASSWORD, signOutOtherSessions: true }, context);

    expect(result).toEqual({ endedSessions: 2 });
    expect(await findActiveSession(user.token)).not.toBeNull();
    for (const token of others) expect(await findActiveSession(token)).toBeNull();
    const events = await db.auditEvent.findMany({ where: { userId: user.userId, action: "user.password_changed" } });
    expect(events).toEqual([expect.objectContaining({ ipAddress: context.ipAddress })]);
    expect(JSON.parse(events[0]!.metadata)).toEqual({ set: false, otherSessionsEnded: 2 });
    expect(events[0]!.metadata).not.toContain(NEW_PASSWORD);
    expect((await mailsTo(user.email)).filter((mail) => mail.subject === "Your password was changed")).toHaveLength(1);
    expect(await signsIn(user.email, user.password)).toBe(false);
    expect(await signsIn(user.email, NEW_PASSWORD)).toBe(true);
    const { passwordHash, passwordChangedAt } = await db.user.findUniqueOrThrow({ where: { id: user.userId } });
    expect(passwordHash).toMatch(/^\$argon2id\$/);
    expect(passwordChangedAt).not.toBeNull();
  });

  test("other sessions stay when the person chooses so", async () => {
    const user = await createSignedInUser();
    const other = await signIn(user.email, user.password);

    expect(await changePassword(user.session, { currentPassword: user.password, newPassword: NEW_PASSWORD, signOutOtherSessions: false }, testContext())).toEqual({
      endedSessions: 0,
    });

    expect(await findActiveSession(other)).not.toBeNull();
    expect(await findActiveSession(user.token)).not.toBeNull();
  });

  test("a change kills an outstanding reset link", async () => {
    const user = await createSignedInUser();
    await requestPasswordReset(user.email, testContext());
    const token = linkTokenIn((await lastMail(user.email, RESET_SUBJECT)).textBody, "/reset-password");

    await changePassword(user.session, { currentPassword: user.password, newPassword: NEW_PASSWORD, signOutOtherSessions: true }, testContext());

    expect(await getPasswordResetLink(token)).toBeNull();
    await expect(resetPassword(token, "Another-Fresh-Pass-8", testContext())).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await signsIn(user.email, NEW_PASSWORD)).toBe(true);
  });
});

describe("password reset", () => {
  /**
   * "Try again in N minutes" for the per-address limit told that someone had asked for a
   * reset of that address before. Past the limit the answer is the success answer; only no
   * more links go out.
   * @see issue 8, item 10
   */
  test("past the per-address limit a known and an unknown address still get the plain answer; no more links are mailed", async () => {
    const user = await createTestUser();
    const nobody = uniqueEmail("nobody");
    const perAddress = RATE_LIMITS["email:address"].points;
    for (let request = 0; request < perAddress + 3; request += 1) {
      // Each from its own IP address: only the per-address limit is in play.
      await expect(requestPasswordReset(user.email, testContext())).resolves.toBeUndefined();
      await expect(requestPasswordReset(nobody, testContext())).resolves.toBeUndefined();
    }
    expect((await mailsTo(user.email)).filter((mail) => mail.subject === RESET_SUBJECT)).toHaveLength(perAddress);
    expect(await mailsTo(nobody)).toEqual([]);
    // The per-IP limit may still say to wait: it tells nothing about an address.
    const sameIp = testContext();
    for (let request = 0; request < RATE_LIMITS["email:ip"].points; request += 1) await requestPasswordReset(uniqueEmail("spray"), sameIp);
    await expect(requestPasswordReset(uniqueEmail("spray"), sameIp)).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: expect.stringMatching(/^Too many attempts\. Try again in \d+ minutes?\.$/),
    });
  });

  test("an unknown email gets the same answer, and no token and no mail exist", async () => {
    const email = uniqueEmail("nobody");
    const tokensBefore = await db.emailToken.count();
    const mailsBefore = await db.outboxMessage.count();

    await expect(requestPasswordReset(email, testContext())).resolves.toBeUndefined();

    expect(await db.emailToken.count()).toBe(tokensBefore);
    expect(await db.outboxMessage.count()).toBe(mailsBefore);
    expect(await db.emailToken.count({ where: { email } })).toBe(0);
    expect(await mailsTo(email)).toEqual([]);
  });

  test("the link carries a 256-bit token of which the database keeps only the SHA-256", async () => {
    const user = await createTestUser();
    const context = testContext();
    await expect(requestPasswordReset(user.email, context)).resolves.toBeUndefined();

    const mail = await lastMail(user.email, RESET_SUBJECT);
    expect(mail.textBody).toContain("http://localhost:3000/reset-password/");
    const token = linkTokenIn(mail.textBody, "/reset-password");
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const rows = await db.emailToken.findMany({ where: { userId: user.userId, purpose: "reset_password" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(rows)).not.toContain(token);
    // Expires within the hour.
    expect(rows[0]!.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60 * 60 * 1000);
    expect(await db.auditEvent.findMany({ where: { userId: user.userId, action: "user.password_reset_requested" } })).toEqual([
      expect.objectContaining({ ipAddress: context.ipAddress }),
    ]);
    expect(JSON.stringify(await db.auditEvent.findMany({ where: { userId: user.userId } }))).not.toContain(token);
  });

  test("of two requests only the newest link works", async () => {
    const user = await createTestUser();
    await requestPasswordReset(user.email, testContext());
    const older = linkTokenIn((await lastMail(user.email, RESET_SUBJECT)).textBody, "/reset-password");
    await requestPasswordReset(user.email, testContext());
    const newer = linkTokenIn((await lastMail(user.email, RESET_SUBJECT)).textBody, "/reset-password");
    expect(newer).not.toBe(older);

    expect(await getPasswordResetLink(older)).toBeNull();
    await expect(resetPassword(older, NEW_PASSWORD, testContext())).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await signsIn(user.email, NEW_PASSWORD)).toBe(false);

    expect(await getPasswordResetLink(newer)).toEqual({ hasTwoFactor: false });
    await resetPassword(newer, NEW_PASSWORD, testContext());
    expect(await signsIn(user.email, NEW_PASSWORD)).toBe(true);
  });

  test("a link works once", async () => {
    const user = await createTestUser();
    await requestPasswordReset(user.email, testContext());
    const token = linkTokenIn((await lastMail(user.email, RESET_SUBJECT)).textBody, "/reset-password");
    await resetPassword(token, NEW_PASSWORD, testContext());

    await expect(resetPassword(token, "Second-Try-Password-3", testContext())).rejects.toMatchObject({ code: "NOT_FOUND" });

    expect(await signsIn(user.email, "Second-Try-Password-3")).toBe(false);
    expect(await signsIn(user.email, NEW_PASSWORD)).toBe(true);
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "user.password_reset" } })).toBe(1);
  });

  test("two parallel uses of one link: exactly one sets the password", async () => {
    const user = await createTestUser();
    await requestPasswordReset(user.email, testContext());
    const token = linkTokenIn((await lastMail(user.email, RESET_SUBJECT)).textBody, "/reset-password");

    const results = await Promise.allSettled([resetPassword(token, "Parallel-One-Password-1", testContext()), resetPassword(token, "Parallel-Two-Password-2", testContext())]);

    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "user.password_reset" } })).toBe(1);
    const winners = [await signsIn(user.email, "Parallel-One-Password-1"), await signsIn(user.email, "Parallel-Two-Password-2")];
    expect(winners.filter(Boolean)).toHaveLength(1);
  });

  test("an expired link fails and changes nothing", async () => {
    const user = await createTestUser();
    await requestPasswordReset(user.email, testContext());
    const token = linkTokenIn((await lastMail(user.email, RESET_SUBJECT)).textBody, "/reset-password");
    await db.emailToken.updateMany({ where: { userId: user.userId, purpose: "reset_password" }, data: { expiresAt: new Date(Date.now() - 1000) } });

    expect(await getPasswordResetLink(token)).toBeNull();
    await expect(resetPassword(token, NEW_PASSWORD, testContext())).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "This reset link has expired or was already used. Ask for a new one.",
    });
    expect(await signsIn(user.email, user.password)).toBe(true);
  });

  test("a weak new password is refused and the link stays usable", async () => {
    const user = await createTestUser();
    await requestPasswordReset(user.email, testContext());
    const token = linkTokenIn((await lastMail(user.email, RESET_SUBJECT)).textBody, "/reset-password");

    await expect(resetPassword(token, "Password1!", testContext())).rejects.toMatchObject({
      code: "INVALID_INPUT",
      fieldErrors: { password: [expect.stringMatching(/too common/)] },
    });

    await resetPassword(token, NEW_PASSWORD, testContext());
    expect(await signsIn(user.email, NEW_PASSWORD)).toBe(true);
  });

  test("a reset ends every session, creates none, is logged and mailed", async () => {
    const user = await createSignedInUser();
    const other = await signIn(user.email, user.password);
    await requestPasswordReset(user.email, testContext());
    const token = linkTokenIn((await lastMail(user.email, RESET_SUBJECT)).textBody, "/reset-password");
    const context = testContext();

    await expect(resetPassword(token, NEW_PASSWORD, context)).resolves.toBeUndefined();

    expect(await db.session.count({ where: { userId: user.userId } })).toBe(0);
    expect(await findActiveSession(user.token)).toBeNull();
    expect(await findActiveSession(other)).toBeNull();
    expect(await db.auditEvent.findMany({ where: { userId: user.userId, action: "user.password_reset" } })).toEqual([expect.objectContaining({ ipAddress: context.ipAddress })]);
    expect((await mailsTo(user.email)).filter((mail) => mail.subject === "Your password was reset")).toHaveLength(1);
  });

  test("two-factor authentication stays on after a reset: the new password alone opens no session", async () => {
    const user = await createTotpUser();
    await requestPasswordReset(user.email, testContext());
    const token = linkTokenIn((await lastMail(user.email, RESET_SUBJECT)).textBody, "/reset-password");
    expect(await getPasswordResetLink(token)).toEqual({ hasTwoFactor: true });
    // A half-finished sign-in from before the reset dies with it.
    await authenticateWithPassword({ email: user.email, password: user.password }, testContext());
    expect(await db.pendingSignIn.count({ where: { userId: user.userId } })).toBe(1);

    await resetPassword(token, NEW_PASSWORD, testContext());

    expect(await db.pendingSignIn.count({ where: { userId: user.userId } })).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.userId } })).totpEnabledAt).not.toBeNull();
    expect(await db.recoveryCode.count({ where: { userId: user.userId, usedAt: null } })).toBe(10);
    const result = await authenticateWithPassword({ email: user.email, password: NEW_PASSWORD }, testContext());
    expect(result?.kind).toBe("second_factor");
    expect(await db.session.count({ where: { userId: user.userId } })).toBe(0);
  });
});

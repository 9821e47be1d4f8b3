// Changing the login email (T-M1) and verifying an address: a step-up to ask, a single-use
// link to the new address, a notice to the old one, nothing changes before the link is
// opened, a taken address looks like a free one, and a credential change kills the link.
import { describe, expect, test } from "vitest";
import { confirmEmailChange, requestEmailChange } from "@/lib/account/change-email";
import { changePassword } from "@/lib/account/change-password";
import { requestPasswordReset, resetPassword } from "@/lib/account/reset-password";
import { verifyEmail } from "@/lib/account/verify-email";
import { authenticateWithPassword } from "@/lib/auth/authenticate-with-password";
import { db } from "@/lib/db/client";
import { createSignedInUser, createTestUser, lastMail, linkTokenIn, mailsTo, stepUpWithPassword, testContext, uniqueEmail } from "../../fixtures/builders";

const CONFIRM_SUBJECT = "Confirm your new email address";
const NOTICE_SUBJECT = "Your email address is about to change";

async function elevatedUser() {
  const user = await createSignedInUser();
  return { ...user, session: await stepUpWithPassword(user.token, user.password) };
}

async function confirmationToken(newEmail: string): Promise<string> {
  return linkTokenIn((await lastMail(newEmail, CONFIRM_SUBJECT)).textBody, "/confirm-email");
}

async function emailOf(userId: string): Promise<string> {
  return (await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } })).email;
}

describe("requestEmailChange", () => {
  test("needs a fresh step-up; without one nothing is issued or mailed", async () => {
    const user = await createSignedInUser();
    const newEmail = uniqueEmail("new");

    await expect(requestEmailChange(user.session, newEmail, testContext())).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });

    expect(await db.emailToken.count({ where: { userId: user.userId, purpose: "change_email" } })).toBe(0);
    expect(await mailsTo(newEmail)).toEqual([]);
    expect((await mailsTo(user.email)).map((mail) => mail.subject)).not.toContain(NOTICE_SUBJECT);
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "user.email_change_requested" } })).toBe(0);
  });

  test("mails a link to the new address and a notice to the old; the email changes only when the link is opened", async () => {
    const user = await elevatedUser();
    const newEmail = uniqueEmail("new");
    const context = testContext();

    await expect(requestEmailChange(user.session, newEmail, context)).resolves.toBeUndefined();

    const notice = await lastMail(user.email, NOTICE_SUBJECT);
    expect(notice.textBody).toContain(newEmail);
    expect(notice.textBody).not.toContain("/confirm-email/");
    const token = await confirmationToken(newEmail);
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "user.email_change_requested", ipAddress: context.ipAddress } })).toBe(1);
    // Not yet: the old address still signs in, the new one does not.
    expect(await emailOf(user.userId)).toBe(user.email);
    expect(await authenticateWithPassword({ email: newEmail, password: user.password }, testContext())).toBeNull();

    // Opened in another browser, without a session.
    const confirmContext = testContext();
    expect(await confirmEmailChange(token, confirmContext)).toEqual({ ok: true, newEmail });

    expect(await emailOf(user.userId)).toBe(newEmail);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.userId } })).emailVerifiedAt).not.toBeNull();
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "user.email_changed", ipAddress: confirmContext.ipAddress } })).toBe(1);
    expect((await lastMail(user.email, "Your email address was changed")).textBody).toContain(newEmail);
    expect((await authenticateWithPassword({ email: newEmail, password: user.password }, testContext()))?.kind).toBe("session");
    expect(await authenticateWithPassword({ email: user.email, password: user.password }, testContext())).toBeNull();
  });

  test("the link is single-use", async () => {
    const user = await elevatedUser();
    const newEmail = uniqueEmail("new");
    await requestEmailChange(user.session, newEmail, testContext());
    const token = await confirmationToken(newEmail);
    expect((await confirmEmailChange(token, testContext())).ok).toBe(true);

    expect(await confirmEmailChange(token, testContext())).toEqual({ ok: false, reason: "invalid" });
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "user.email_changed" } })).toBe(1);
  });

  test("two parallel uses of one link: one change, one log entry, one notice (T-P3)", async () => {
    const user = await elevatedUser();
    const newEmail = uniqueEmail("new");
    await requestEmailChange(user.session, newEmail, testContext());
    const token = await confirmationToken(newEmail);

    const results = await Promise.all([confirmEmailChange(token, testContext()), confirmEmailChange(token, testContext())]);

    expect(results).toEqual(
      expect.arrayContaining([
        { ok: true, newEmail },
        { ok: false, reason: "invalid" },
      ]),
    );
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "user.email_changed" } })).toBe(1);
    expect((await mailsTo(user.email)).filter((mail) => mail.subject === "Your email address was changed")).toHaveLength(1);
  });

  test("an expired link changes nothing", async () => {
    const user = await elevatedUser();
    const newEmail = uniqueEmail("new");
    await requestEmailChange(user.session, newEmail, testContext());
    const token = await confirmationToken(newEmail);
    await db.emailToken.updateMany({ where: { userId: user.userId, purpose: "change_email" }, data: { expiresAt: new Date(Date.now() - 1000) } });

    expect(await confirmEmailChange(token, testContext())).toEqual({ ok: false, reason: "invalid" });
    expect(await emailOf(user.userId)).toBe(user.email);
  });

  test("a taken address gets the same outcome, and no link is mailed to it", async () => {
    const owner = await createTestUser();
    const user = await elevatedUser();
    const ownerMailsBefore = (await mailsTo(owner.email)).length;
    const context = testContext();

    await expect(requestEmailChange(user.session, owner.email, context)).resolves.toBeUndefined();

    expect(await mailsTo(owner.email)).toHaveLength(ownerMailsBefore);
    expect(await db.emailToken.count({ where: { purpose: "change_email", email: owner.email } })).toBe(0);
    // The requester sees exactly what a free address gives: the same notice and log entry.
    expect((await lastMail(user.email, NOTICE_SUBJECT)).textBody).toContain(owner.email);
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "user.email_change_requested", ipAddress: context.ipAddress } })).toBe(1);
    expect(await emailOf(user.userId)).toBe(user.email);
    expect(await emailOf(owner.userId)).toBe(owner.email);
  });

  test("an address taken after the request is not handed over when the link is opened", async () => {
    const user = await elevatedUser();
    const newEmail = uniqueEmail("new");
    await requestEmailChange(user.session, newEmail, testContext());
    const token = await confirmationToken(newEmail);
    const squatter = await createTestUser({ email: newEmail });

    expect(await confirmEmailChange(token, testContext())).toEqual({ ok: false, reason: "taken" });

    expect(await emailOf(user.userId)).toBe(user.email);
    expect(await emailOf(squatter.userId)).toBe(newEmail);
  });

  test("a password change kills an outstanding change link", async () => {
    const user = await elevatedUser();
    const newEmail = uniqueEmail("new");
    await requestEmailChange(user.session, newEmail, testContext());
    const token = await confirmationToken(newEmail);

    await changePassword(user.session, { currentPassword: user.password, newPassword: "Brand-New-Lantern-5", signOutOtherSessions: true }, testContext());

    expect(await confirmEmailChange(token, testContext())).toEqual({ ok: false, reason: "invalid" });
    expect(await emailOf(user.userId)).toBe(user.email);
  });

  test("a password reset kills an outstanding change link", async () => {
    const user = await elevatedUser();
    const newEmail = uniqueEmail("new");
    await requestEmailChange(user.session, newEmail, testContext());
    const token = await confirmationToken(newEmail);
    await requestPasswordReset(user.email, testContext());
    await resetPassword(linkTokenIn((await lastMail(user.email, "Reset your password")).textBody, "/reset-password"), "Brand-New-Lantern-5", testContext());

    expect(await confirmEmailChange(token, testContext())).toEqual({ ok: false, reason: "invalid" });
    expect(await emailOf(user.userId)).toBe(user.email);
  });

  /**
   * A reset link mailed to the old address kept working after the email changed: whoever
   * still read the old mailbox could take the account over.
   * @see issue 8, item 6
   */
  test("a confirmed change kills every outstanding link sent to the old address: reset and verification", async () => {
    const user = await elevatedUser();
    const verifyToken = linkTokenIn((await lastMail(user.email, "Verify your email address")).textBody, "/verify-email");
    await requestPasswordReset(user.email, testContext());
    const resetToken = linkTokenIn((await lastMail(user.email, "Reset your password")).textBody, "/reset-password");
    const newEmail = uniqueEmail("new");
    await requestEmailChange(user.session, newEmail, testContext());

    expect(await confirmEmailChange(await confirmationToken(newEmail), testContext())).toEqual({ ok: true, newEmail });

    await expect(resetPassword(resetToken, "Old-Mailbox-Lantern-5", testContext())).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await authenticateWithPassword({ email: newEmail, password: "Old-Mailbox-Lantern-5" }, testContext())).toBeNull();
    expect(await verifyEmail(verifyToken, testContext())).toBe(false);
    expect(await db.emailToken.count({ where: { userId: user.userId, usedAt: null } })).toBe(0);
  });

  test("a newer request kills the older link", async () => {
    const user = await elevatedUser();
    const first = uniqueEmail("first");
    const second = uniqueEmail("second");
    await requestEmailChange(user.session, first, testContext());
    const firstToken = await confirmationToken(first);
    await requestEmailChange(user.session, second, testContext());

    expect(await confirmEmailChange(firstToken, testContext())).toEqual({ ok: false, reason: "invalid" });
    expect(await confirmEmailChange(await confirmationToken(second), testContext())).toEqual({ ok: true, newEmail: second });
  });
});

describe("verifyEmail", () => {
  test("the sign-up link verifies the address once", async () => {
    const user = await createTestUser();
    const token = linkTokenIn((await lastMail(user.email, "Verify your email address")).textBody, "/verify-email");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.userId } })).emailVerifiedAt).toBeNull();
    const context = testContext();

    expect(await verifyEmail(token, context)).toBe(true);
    const verifiedAt = (await db.user.findUniqueOrThrow({ where: { id: user.userId } })).emailVerifiedAt;
    expect(verifiedAt).not.toBeNull();
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "user.email_verified", ipAddress: context.ipAddress } })).toBe(1);

    expect(await verifyEmail(token, testContext())).toBe(false);
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "user.email_verified" } })).toBe(1);
  });

  test("a verification link for an address the account no longer uses verifies nothing", async () => {
    const user = await createSignedInUser();
    const oldLink = linkTokenIn((await lastMail(user.email, "Verify your email address")).textBody, "/verify-email");
    const session = await stepUpWithPassword(user.token, user.password);
    const newEmail = uniqueEmail("new");
    await requestEmailChange(session, newEmail, testContext());
    await confirmEmailChange(await confirmationToken(newEmail), testContext());
    // Confirming the change verified the new address; clear that so a wrong verification would show.
    await db.user.update({ where: { id: user.userId }, data: { emailVerifiedAt: null } });

    expect(await verifyEmail(oldLink, testContext())).toBe(false);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.userId } })).emailVerifiedAt).toBeNull();
  });

  test("a reset or change link is not a verification link", async () => {
    const user = await createTestUser();
    await requestPasswordReset(user.email, testContext());
    const resetToken = linkTokenIn((await lastMail(user.email, "Reset your password")).textBody, "/reset-password");

    expect(await verifyEmail(resetToken, testContext())).toBe(false);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.userId } })).emailVerifiedAt).toBeNull();
    // And the reset link was not used up by the attempt.
    await expect(resetPassword(resetToken, "Brand-New-Lantern-5", testContext())).resolves.toBeUndefined();
  });
});

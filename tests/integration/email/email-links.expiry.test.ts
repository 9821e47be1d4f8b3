// Emailed links die at the end of their lifetime (EMAIL_TOKEN_TTL_MS), tested at the boundary
// with the test clock (tests/fixtures/clock.ts) instead of rows edited into the past: the link
// still works a second before it expires, and is refused, changing nothing, a second after.
import { describe, expect, test, vi } from "vitest";
import { getPasswordResetLink, requestPasswordReset, resetPassword } from "@/lib/account/reset-password";
import { verifyEmail } from "@/lib/account/verify-email";
import { db } from "@/lib/db/client";
import { EMAIL_TOKEN_TTL_MS, findEmailToken } from "@/lib/email-tokens/email-tokens";
import { advanceClockTo } from "../../fixtures/clock";
import { createTestUser, lastMail, linkTokenIn, signIn, testContext } from "../../fixtures/builders";

describe("an emailed link at the end of its lifetime", () => {
  test("a reset link works until EMAIL_TOKEN_TTL_MS after it was sent, then sets no password", async () => {
    const user = await createTestUser();
    const requestedAt = Date.now();
    await requestPasswordReset(user.email, testContext());
    // The link is issued and mailed in the background.
    const mail = await vi.waitFor(() => lastMail(user.email, "Reset your password"), { timeout: 10_000 });
    const issuedBy = Date.now();
    const token = linkTokenIn(mail.textBody, "/reset-password");

    advanceClockTo(requestedAt + EMAIL_TOKEN_TTL_MS.reset_password - 1_000);
    expect(await getPasswordResetLink(token)).not.toBeNull();

    advanceClockTo(issuedBy + EMAIL_TOKEN_TTL_MS.reset_password + 1_000);
    expect(await getPasswordResetLink(token)).toBeNull();
    await expect(resetPassword(token, "Another-Horse-77", testContext())).rejects.toMatchObject({ code: "NOT_FOUND" });
    // The old password still signs in; the new one was never set.
    await expect(signIn(user.email, user.password)).resolves.toEqual(expect.any(String));
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "user.password_reset" } })).toBe(0);
  });

  test("a verification link works until EMAIL_TOKEN_TTL_MS after sign-up, then verifies nothing", async () => {
    const signedUpAt = Date.now();
    const user = await createTestUser();
    const sentBy = Date.now();
    const token = linkTokenIn((await lastMail(user.email, "Verify your email address")).textBody, "/verify-email");

    advanceClockTo(signedUpAt + EMAIL_TOKEN_TTL_MS.verify_email - 1_000);
    expect(await findEmailToken("verify_email", token)).not.toBeNull();

    advanceClockTo(sentBy + EMAIL_TOKEN_TTL_MS.verify_email + 1_000);
    expect(await verifyEmail(token, testContext())).toBe(false);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.userId }, select: { emailVerifiedAt: true } })).emailVerifiedAt).toBeNull();
  });
});

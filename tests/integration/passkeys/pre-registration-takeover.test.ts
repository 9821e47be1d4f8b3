// Pre-registration takeover (security catalog, section R; issue 8, item 5). Someone signs up with
// another person's address and, while it is unverified, adds a passkey or an authenticator app.
// The real owner cannot sign up, resets the password and signs in: the planted passkey would
// still sign in. Now nothing that signs in can be added before the address is verified, and a
// reset of an unverified account removes whatever is there and verifies the address.
/** @see issue 8 */
import { describe, expect, test } from "vitest";
import { requestPasswordReset, resetPassword } from "@/lib/account/reset-password";
import { authenticateWithPassword } from "@/lib/auth/authenticate-with-password";
import { createPendingSignIn } from "@/lib/auth/pending-sign-in";
import { db } from "@/lib/db/client";
import { confirmTotpSetup, startTotpSetup } from "@/lib/totp/manage-totp";
import { finishPasskeyRegistration, startPasskeyRegistration } from "@/lib/webauthn/passkeys";
import { activeSession, createSignedInUser, createTotpUser, lastMail, linkTokenIn, signIn, stepUpWithPassword, testContext, totpCodeAt } from "../../fixtures/builders";
import { auditActions, createPasskeyUser, newAuthenticator, signInWithPasskey, uniqueContext } from "./passkey-builders";

const NEW_PASSWORD = "Rightful-Owner-Lamp-42";

function refusal(credential: string, email: string) {
  return {
    code: "FORBIDDEN",
    message: `Verify your email address before you add ${credential}: open the link we sent to ${email}, or send a new one.`,
  };
}

/** An unverified account (someone signed up with the address) with a stepped-up session. */
async function createUnverifiedElevatedUser() {
  const user = await createSignedInUser({}, { emailVerified: false });
  return { ...user, session: await stepUpWithPassword(user.token, user.password) };
}

/** Marks an account unverified again, as one made before verification was required would be. */
async function unverify(userId: string) {
  await db.user.update({ where: { id: userId }, data: { emailVerifiedAt: null } });
}

/** The owner of the address asks for a reset and opens the link in the mail. */
async function resetFromMail(email: string, context = testContext()) {
  await requestPasswordReset(email, testContext());
  const token = await (async () => {
    // The reset mail may be handed over in the background: give it a moment.
    for (let attempt = 0; ; attempt += 1) {
      try {
        return linkTokenIn((await lastMail(email, "Reset your password")).textBody, "/reset-password");
      } catch (error) {
        if (attempt >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  })();
  await resetPassword(token, NEW_PASSWORD, context);
}

describe("until the address is verified, nothing that signs in can be added", () => {
  test("passkey registration options are refused, and no challenge is stored", async () => {
    const user = await createUnverifiedElevatedUser();

    await expect(startPasskeyRegistration(user.session, uniqueContext())).rejects.toMatchObject(refusal("a passkey", user.email));

    expect(await db.webAuthnChallenge.count({ where: { userId: user.userId } })).toBe(0);
  });

  test("a registration answer is refused, and no passkey is added", async () => {
    // Options handed out while the address was verified, answered after it no longer is
    // (the same check whichever way round the server is reached).
    const user = await createSignedInUser();
    const session = await stepUpWithPassword(user.token, user.password);
    const response = newAuthenticator().register(await startPasskeyRegistration(session, uniqueContext()));
    await unverify(user.userId);
    const unverified = await activeSession(user.token);

    await expect(finishPasskeyRegistration(unverified, response, "Planted", uniqueContext())).rejects.toMatchObject(refusal("a passkey", user.email));

    expect(await db.passkey.count({ where: { userId: user.userId } })).toBe(0);
    expect(await auditActions(user.userId, "passkey.added")).toEqual([]);
  });

  test("authenticator app set-up is refused at the start, and no secret is stored", async () => {
    const user = await createUnverifiedElevatedUser();

    await expect(startTotpSetup(user.session)).rejects.toMatchObject(refusal("an authenticator app", user.email));

    expect(await db.user.findUniqueOrThrow({ where: { id: user.userId }, select: { totpPendingSecretCiphertext: true } })).toEqual({ totpPendingSecretCiphertext: null });
  });

  test("authenticator app set-up is refused at the confirmation, with a right code", async () => {
    const user = await createSignedInUser();
    const session = await stepUpWithPassword(user.token, user.password);
    const { secret } = await startTotpSetup(session);
    await unverify(user.userId);
    const unverified = await activeSession(user.token);

    await expect(confirmTotpSetup(unverified, await totpCodeAt(secret), testContext())).rejects.toMatchObject(refusal("an authenticator app", user.email));

    const after = await db.user.findUniqueOrThrow({ where: { id: user.userId }, select: { totpEnabledAt: true, totpSecretCiphertext: true } });
    expect(after).toEqual({ totpEnabledAt: null, totpSecretCiphertext: null });
    expect(await db.recoveryCode.count({ where: { userId: user.userId } })).toBe(0);
  });
});

describe("a password reset of an unverified account starts it over", () => {
  test("every passkey, the authenticator app, recovery codes, pending sign-ins, ceremonies and sessions go; the address is verified; it is logged", async () => {
    // The attacker's account: a passkey and an authenticator app (added before verification was
    // required), a set-up in progress, a passkey ceremony open, a pending sign-in, sessions.
    const attacker = await createTotpUser();
    const authenticator = newAuthenticator();
    // Still elevated from setting up the app.
    const elevated = attacker.session;
    await finishPasskeyRegistration(elevated, authenticator.register(await startPasskeyRegistration(elevated, uniqueContext())), "Planted", uniqueContext());
    await startPasskeyRegistration(elevated, uniqueContext());
    await db.$transaction((tx) => createPendingSignIn(tx, attacker.userId, testContext()));
    await unverify(attacker.userId);
    expect(await db.passkey.count({ where: { userId: attacker.userId } })).toBe(1);
    expect(await db.recoveryCode.count({ where: { userId: attacker.userId } })).toBe(10);

    const context = testContext();
    await resetFromMail(attacker.email, context);

    const userId = attacker.userId;
    expect(
      await db.user.findUniqueOrThrow({
        where: { id: userId },
        select: { totpEnabledAt: true, totpSecretCiphertext: true, totpPendingSecretCiphertext: true, totpLastUsedStep: true },
      }),
    ).toEqual({
      totpEnabledAt: null,
      totpSecretCiphertext: null,
      totpPendingSecretCiphertext: null,
      totpLastUsedStep: null,
    });
    const remaining = await Promise.all([
      db.passkey.count({ where: { userId } }),
      db.recoveryCode.count({ where: { userId } }),
      db.pendingSignIn.count({ where: { userId } }),
      db.session.count({ where: { userId } }),
      db.webAuthnChallenge.count({ where: { userId } }),
      db.emailToken.count({ where: { userId, purpose: "verify_email", usedAt: null } }),
    ]);
    expect(remaining).toEqual([0, 0, 0, 0, 0, 0]);
    expect((await db.user.findUniqueOrThrow({ where: { id: userId }, select: { emailVerifiedAt: true } })).emailVerifiedAt).not.toBeNull();

    const removed = await db.auditEvent.findMany({ where: { userId, action: "user.unverified_credentials_removed" }, select: { metadata: true, ipAddress: true } });
    expect(removed).toEqual([{ metadata: JSON.stringify({ passkeys: 1, recoveryCodes: 10, twoFactor: true }), ipAddress: context.ipAddress }]);
    expect(await db.auditEvent.findMany({ where: { userId, action: "user.email_verified" }, select: { metadata: true, ipAddress: true } })).toEqual([
      { metadata: JSON.stringify({ by: "password_reset" }), ipAddress: context.ipAddress },
    ]);

    // The planted passkey no longer signs in; the owner's new password does, with no second step.
    expect((await signInWithPasskey(authenticator)).result).toBeNull();
    expect(await authenticateWithPassword({ email: attacker.email, password: NEW_PASSWORD }, testContext())).toMatchObject({ kind: "session", userId });
    // And now the owner may add their own passkey.
    const ownerElevated = await stepUpWithPassword(await signIn(attacker.email, NEW_PASSWORD), NEW_PASSWORD);
    expect(ownerElevated.user.emailVerified).toBe(true);
    await expect(startPasskeyRegistration(ownerElevated, uniqueContext())).resolves.toMatchObject({ challenge: expect.any(String) });
  });

  test("a reset of a verified account keeps its passkeys and authenticator app", async () => {
    const user = await createPasskeyUser();
    await resetFromMail(user.email);

    expect(await db.passkey.count({ where: { userId: user.userId } })).toBe(1);
    expect(await auditActions(user.userId, "user.unverified_credentials_removed")).toEqual([]);
    expect((await signInWithPasskey(user.authenticator)).result).toMatchObject({ userId: user.userId });
  });

  test("a reset link that fails removes nothing", async () => {
    const user = await createPasskeyUser();
    await unverify(user.userId);

    await expect(resetPassword("not-a-live-token", NEW_PASSWORD, testContext())).rejects.toMatchObject({ code: "NOT_FOUND" });

    expect(await db.passkey.count({ where: { userId: user.userId } })).toBe(1);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.userId }, select: { emailVerifiedAt: true } })).emailVerifiedAt).toBeNull();
  });
});

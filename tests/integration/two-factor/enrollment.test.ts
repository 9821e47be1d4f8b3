// Turning the authenticator app on and off (T-D4): only after a fresh step-up, only with a
// valid code, the secret kept as ciphertext bound to its row, and each change logged and
// mailed once.
import { describe, expect, test } from "vitest";
import { authenticateWithPassword } from "@/lib/auth/authenticate-with-password";
import { completeSecondFactor, verifyUserTotp } from "@/lib/auth/second-factor";
import { STEP_UP_MAX_AGE_MS, stepUp } from "@/lib/auth/step-up";
import { db } from "@/lib/db/client";
import { confirmTotpSetup, disableTotp, regenerateRecoveryCodes, startTotpSetup } from "@/lib/totp/manage-totp";
import { activeSession, createSignedInUser, createTotpUser, mailsTo, nextTotpCode, stepUpWithPassword, testContext, totpCodeAt, wrongTotpCode } from "../../fixtures/builders";
import { encodedForms } from "../security/secret-forms";

const STALE_STEP_UP = () => new Date(Date.now() - STEP_UP_MAX_AGE_MS - 60_000);

async function securityState(userId: string) {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { totpEnabledAt: true, totpSecretCiphertext: true, totpPendingSecretCiphertext: true, totpLastUsedStep: true },
  });
  const codes = await db.recoveryCode.findMany({ where: { userId }, select: { codeHash: true, usedAt: true }, orderBy: { codeHash: "asc" } });
  const events = await db.auditEvent.findMany({ where: { userId }, select: { action: true }, orderBy: { createdAt: "asc" } });
  const mails = (await mailsTo((await db.user.findUniqueOrThrow({ where: { id: userId } })).email)).map((mail) => mail.subject);
  return { user, codes, events, mails };
}

describe("every change needs a fresh step-up", () => {
  test("startTotpSetup and confirmTotpSetup refuse a session that has not stepped up, and change nothing", async () => {
    const user = await createSignedInUser();
    const before = await securityState(user.userId);

    await expect(startTotpSetup(user.session)).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });
    await expect(confirmTotpSetup(user.session, "123456", testContext())).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });

    expect(await securityState(user.userId)).toEqual(before);
  });

  test("a step-up older than the window does not count either", async () => {
    const user = await createSignedInUser();
    await stepUpWithPassword(user.token, user.password);
    await db.session.updateMany({ where: { userId: user.userId }, data: { stepUpAt: STALE_STEP_UP() } });
    const stale = await activeSession(user.token);
    const before = await securityState(user.userId);

    await expect(startTotpSetup(stale)).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });

    expect(await securityState(user.userId)).toEqual(before);
  });

  test("disableTotp and regenerateRecoveryCodes refuse a stale step-up, and change nothing", async () => {
    const user = await createTotpUser();
    await db.session.updateMany({ where: { userId: user.userId }, data: { stepUpAt: STALE_STEP_UP() } });
    const stale = await activeSession(user.token);
    const before = await securityState(user.userId);

    await expect(disableTotp(stale, testContext())).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });
    await expect(regenerateRecoveryCodes(stale, testContext())).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });

    expect(await securityState(user.userId)).toEqual(before);
    expect(before.user.totpEnabledAt).not.toBeNull();
  });
});

describe("turning TOTP on", () => {
  test("a wrong code does not enable it; the right one then does", async () => {
    const user = await createSignedInUser();
    const session = await stepUpWithPassword(user.token, user.password);
    const { secret } = await startTotpSetup(session);

    await expect(confirmTotpSetup(session, await wrongTotpCode(secret), testContext())).rejects.toMatchObject({
      code: "INVALID_INPUT",
      fieldErrors: { code: ["That code didn't work."] },
    });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.userId } })).toMatchObject({ totpEnabledAt: null, totpSecretCiphertext: null });
    expect(await db.recoveryCode.count({ where: { userId: user.userId } })).toBe(0);
    // Signing in still needs only the password.
    expect((await authenticateWithPassword({ email: user.email, password: user.password }, testContext()))?.kind).toBe("session");

    await confirmTotpSetup(session, await totpCodeAt(secret), testContext());
    expect((await authenticateWithPassword({ email: user.email, password: user.password }, testContext()))?.kind).toBe("second_factor");
  });

  test("the set-up secret is 160 random bits, shown once, and stored only as ciphertext", async () => {
    const user = await createSignedInUser();
    const session = await stepUpWithPassword(user.token, user.password);
    const { secret, qrCodeSvg } = await startTotpSetup(session);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(qrCodeSvg).toMatch(/^<svg/);
    const forms = encodedForms(secret, "base32");

    const pending = await db.user.findUniqueOrThrow({ where: { id: user.userId } });
    expect(pending.totpPendingSecretCiphertext).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    for (const form of forms) expect(JSON.stringify(pending)).not.toContain(form);

    await confirmTotpSetup(session, await totpCodeAt(secret), testContext());
    const enabled = await db.user.findUniqueOrThrow({ where: { id: user.userId } });
    expect(enabled.totpSecretCiphertext).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(enabled.totpPendingSecretCiphertext).toBeNull();
    expect(enabled.totpPendingExpiresAt).toBeNull();
    for (const form of forms) expect(JSON.stringify(enabled)).not.toContain(form);
    // A fresh nonce each time: the stored ciphertexts of set-up and of the enabled secret differ.
    expect(enabled.totpSecretCiphertext).not.toBe(pending.totpPendingSecretCiphertext);
    // A second set-up is refused while TOTP is on.
    await expect(startTotpSetup(await activeSession(user.token))).rejects.toMatchObject({ code: "CONFLICT" });
  });

  test("the code that confirmed set-up cannot be replayed to sign in (T-D2)", async () => {
    const user = await createSignedInUser();
    const session = await stepUpWithPassword(user.token, user.password);
    const { secret } = await startTotpSetup(session);
    const code = await totpCodeAt(secret);
    await confirmTotpSetup(session, code, testContext());

    const step = await authenticateWithPassword({ email: user.email, password: user.password }, testContext());
    if (step?.kind !== "second_factor") throw new Error("expected a second-factor step");
    expect(await completeSecondFactor({ pendingToken: step.pendingToken, method: "totp", code }, testContext())).toEqual({ ok: false, reason: "invalid" });
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "two_factor.code_reused" } })).toBe(1);
  });

  test("an expired set-up cannot be confirmed", async () => {
    const user = await createSignedInUser();
    const session = await stepUpWithPassword(user.token, user.password);
    const { secret } = await startTotpSetup(session);
    await db.user.update({ where: { id: user.userId }, data: { totpPendingExpiresAt: new Date(Date.now() - 1000) } });

    await expect(confirmTotpSetup(session, await totpCodeAt(secret), testContext())).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.userId } })).totpEnabledAt).toBeNull();
  });

  test("the ciphertext is bound to its row: copied onto another user it does not verify (AAD)", async () => {
    const [alice, bob] = await Promise.all([createTotpUser(), createTotpUser()]);
    const { totpSecretCiphertext } = await db.user.findUniqueOrThrow({ where: { id: alice.userId }, select: { totpSecretCiphertext: true } });
    // An attacker with write access to the database gives Bob Alice's (known) secret.
    await db.user.update({ where: { id: bob.userId }, data: { totpSecretCiphertext } });
    const aliceCode = await nextTotpCode(alice.userId, alice.secret);

    await expect(verifyUserTotp(bob.userId, aliceCode)).rejects.toThrow();
    const step = await authenticateWithPassword({ email: bob.email, password: bob.password }, testContext());
    if (step?.kind !== "second_factor") throw new Error("expected a second-factor step");
    const sessionsBefore = await db.session.count({ where: { userId: bob.userId } });
    await expect(completeSecondFactor({ pendingToken: step.pendingToken, method: "totp", code: aliceCode }, testContext())).rejects.toThrow();
    expect(await db.session.count({ where: { userId: bob.userId } })).toBe(sessionsBefore);
    // On its own row the same ciphertext still verifies.
    expect(await verifyUserTotp(alice.userId, aliceCode)).toBe("valid");
  });

  test("two confirmations racing enable once: one audit row, one set of codes, the loser refused (T-P3)", async () => {
    const user = await createSignedInUser();
    const session = await stepUpWithPassword(user.token, user.password);
    const { secret } = await startTotpSetup(session);
    const code = await totpCodeAt(secret);

    const results = await Promise.allSettled([confirmTotpSetup(session, code, testContext()), confirmTotpSetup(session, code, testContext())]);

    const enabled = results.filter((result): result is PromiseFulfilledResult<string[]> => result.status === "fulfilled");
    expect(enabled).toHaveLength(1);
    expect(results.find((result) => result.status === "rejected")).toMatchObject({ reason: { code: "CONFLICT" } });
    // Only the change that committed is logged, and only its codes exist.
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "two_factor.enabled" } })).toBe(1);
    // (Not asserted here: the winner's notice. On SQLite a write made while the loser's
    // transaction is open is rolled back with it; see tests/integration/db/transaction-isolation.test.ts.)
    expect(await db.recoveryCode.count({ where: { userId: user.userId } })).toBe(10);
    const step = await authenticateWithPassword({ email: user.email, password: user.password }, testContext());
    if (step?.kind !== "second_factor") throw new Error("expected a second-factor step");
    expect((await completeSecondFactor({ pendingToken: step.pendingToken, method: "recovery_code", code: enabled[0]!.value[0]! }, testContext())).ok).toBe(true);
  });

  test("turning on writes one audit row and sends one email", async () => {
    const user = await createSignedInUser();
    const session = await stepUpWithPassword(user.token, user.password);
    const { secret } = await startTotpSetup(session);
    const context = testContext();

    await confirmTotpSetup(session, await totpCodeAt(secret), context);

    const events = await db.auditEvent.findMany({ where: { userId: user.userId, action: { startsWith: "two_factor." } } });
    expect(events).toEqual([expect.objectContaining({ action: "two_factor.enabled", ipAddress: context.ipAddress, userAgent: context.userAgent })]);
    expect(events[0]!.metadata).not.toContain(secret);
    expect((await mailsTo(user.email)).filter((mail) => mail.subject === "Two-factor authentication is on")).toHaveLength(1);
  });
});

describe("turning TOTP off", () => {
  test("after a TOTP step-up: secret and codes deleted, elevation dropped, one audit row, one email", async () => {
    const user = await createTotpUser();
    await stepUp(user.session, { method: "totp", code: await nextTotpCode(user.userId, user.secret) }, testContext());
    const session = await activeSession(user.token);
    expect(session.stepUpSecondFactor).toBe(true);
    const context = testContext();

    await disableTotp(session, context);

    expect(await db.user.findUniqueOrThrow({ where: { id: user.userId } })).toMatchObject({
      totpEnabledAt: null,
      totpSecretCiphertext: null,
      totpLastUsedStep: null,
    });
    expect(await db.recoveryCode.count({ where: { userId: user.userId } })).toBe(0);
    expect(await activeSession(user.token)).toMatchObject({ stepUpAt: null, stepUpSecondFactor: false, user: { totpEnabled: false } });
    const events = await db.auditEvent.findMany({ where: { userId: user.userId, action: "two_factor.disabled" } });
    expect(events).toEqual([expect.objectContaining({ ipAddress: context.ipAddress })]);
    expect((await mailsTo(user.email)).filter((mail) => mail.subject === "Two-factor authentication is off")).toHaveLength(1);
    // The password alone signs in again; old recovery codes are gone with the factor.
    expect((await authenticateWithPassword({ email: user.email, password: user.password }, testContext()))?.kind).toBe("session");
    // Turning it off twice is refused and logs nothing more.
    await expect(disableTotp(session, testContext())).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "two_factor.disabled" } })).toBe(1);
  });
});

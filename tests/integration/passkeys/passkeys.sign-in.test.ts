// Using a passkey (T-E1, T-E2, T-E3), with a software authenticator: sign-in without an email,
// as the second factor and for step-up. Every response an attacker could bend (flags, origin,
// RP ID, signature, challenge, counter) is refused without a session, and the refusal logged.
import { describe, expect, test } from "vitest";
import { authenticateWithPasskey, authenticateWithPassword } from "@/lib/auth/authenticate-with-password";
import { completeSecondFactor } from "@/lib/auth/second-factor";
import { findActiveSession } from "@/lib/auth/sessions";
import { requireStepUp, stepUp } from "@/lib/auth/step-up";
import { db } from "@/lib/db/client";
import { startPasskeyAuthentication } from "@/lib/webauthn/authentication";
import { finishPasskeyRegistration, startPasskeyRegistration } from "@/lib/webauthn/passkeys";
import { activeSession, createTotpUser, nextTotpCode, signIn } from "../../fixtures/builders";
import { APP_ORIGIN, auditActions, createPasskeyUser, newAuthenticator, sessionsOf, signInWithPasskey, uniqueContext } from "./passkey-builders";
import { FLAG_UP, FLAG_UV } from "./software-authenticator";

describe("signing in with a passkey (no email typed)", () => {
  test("opens a session marked 'passkey', updates the passkey and logs it", async () => {
    const user = await createPasskeyUser();
    const before = await sessionsOf(user.userId);
    const context = uniqueContext();

    const { result } = await signInWithPasskey(user.authenticator, {}, context);

    expect(result).toEqual({ userId: user.userId, sessionToken: expect.any(String) });
    const session = await findActiveSession(result!.sessionToken);
    expect(session).toMatchObject({ signInMethod: "passkey", user: { id: user.userId } });
    expect(await sessionsOf(user.userId)).toHaveLength(before.length + 1);
    const stored = await db.passkey.findUniqueOrThrow({ where: { id: user.passkeyId } });
    expect(stored.counter).toBe(user.authenticator.signCount);
    expect(stored.counter).toBeGreaterThan(0);
    expect(stored.lastUsedAt).not.toBeNull();
    expect(await auditActions(user.userId, "passkey.used")).toEqual([
      { metadata: JSON.stringify({ passkeyId: user.passkeyId, purpose: "sign_in" }), ipAddress: context.ipAddress },
    ]);
    expect((await auditActions(user.userId, "user.signed_in")).map((event) => JSON.parse(event.metadata).method)).toContain("passkey");
  });

  test("a two-factor account signs in with its passkey alone: no pending sign-in, no code asked", async () => {
    const user = await createTotpUser();
    const authenticator = newAuthenticator();
    await addTotpUserPasskey(user, authenticator);
    const { result } = await signInWithPasskey(authenticator);

    expect(result?.userId).toBe(user.userId);
    expect((await findActiveSession(result!.sessionToken))?.signInMethod).toBe("passkey");
    expect(await db.pendingSignIn.count({ where: { userId: user.userId } })).toBe(0);
  });

  describe("refused, with no session and the failure logged", () => {
    const cases = {
      "without user verification (UV=0)": { flags: FLAG_UP },
      "without user presence (UP=0)": { flags: FLAG_UV },
      "with a bogus signature": { bogusSignature: true },
      "made on another origin (127.0.0.1 instead of localhost)": { origin: APP_ORIGIN.replace("localhost", "127.0.0.1") },
      "made on another site": { origin: "https://evil.test" },
      "signed for another RP ID": { rpId: "evil.test" },
      "of the registration ceremony type": { type: "webauthn.create" },
      "for a challenge the server never issued": { challenge: "bm90LWlzc3VlZC1ieS10aGUtc2VydmVy" },
    };
    test.each(Object.entries(cases))("an assertion %s", async (_label, overrides) => {
      const user = await createPasskeyUser();
      const sessionsBefore = await sessionsOf(user.userId);
      const context = uniqueContext();

      const { result } = await signInWithPasskey(user.authenticator, overrides, context);

      expect(result).toBeNull();
      expect(await sessionsOf(user.userId)).toEqual(sessionsBefore);
      expect(await db.passkey.findUniqueOrThrow({ where: { id: user.passkeyId }, select: { counter: true, lastUsedAt: true } })).toEqual({ counter: 0, lastUsedAt: null });
      // Logged once, naming no account (the person is not known to be anyone yet).
      expect(await auditActions(null, "user.sign_in_failed").then((events) => events.filter((event) => event.ipAddress === context.ipAddress))).toEqual([
        { metadata: JSON.stringify({ method: "passkey" }), ipAddress: context.ipAddress },
      ]);
    });
  });

  // Synced passkeys report a counter of 0 every time, so only the challenge stops a replay.
  test("an assertion replayed is refused: the challenge was used up by the first sign-in", async () => {
    const user = await createPasskeyUser(newAuthenticator({ synced: true }));
    const { response, result } = await signInWithPasskey(user.authenticator);
    expect(result).not.toBeNull();
    const sessionsAfterFirst = await sessionsOf(user.userId);

    expect(await authenticateWithPasskey(JSON.stringify(response), uniqueContext())).toBeNull();

    expect(await sessionsOf(user.userId)).toEqual(sessionsAfterFirst);
  });

  test.each([
    ["a synced passkey (counter stays 0)", true],
    ["a counting passkey", false],
  ])("one assertion of %s sent twice at once opens at most one session", async (_label, synced) => {
    const user = await createPasskeyUser(newAuthenticator({ synced }));
    const options = await startPasskeyAuthentication("sign_in", {}, uniqueContext());
    const response = JSON.stringify(user.authenticator.assert(options));
    const before = (await sessionsOf(user.userId)).length;

    const results = await Promise.all([authenticateWithPasskey(response, uniqueContext()), authenticateWithPasskey(response, uniqueContext())]);

    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await sessionsOf(user.userId)).toHaveLength(before + 1);
  });

  test("an expired challenge is refused", async () => {
    const user = await createPasskeyUser();
    const options = await startPasskeyAuthentication("sign_in", {}, uniqueContext());
    await db.webAuthnChallenge.update({ where: { challenge: options.challenge }, data: { expiresAt: new Date(Date.now() - 1000) } });

    expect(await authenticateWithPasskey(JSON.stringify(user.authenticator.assert(options)), uniqueContext())).toBeNull();
  });

  test("a step-up challenge cannot sign in, and a sign-in challenge cannot step up", async () => {
    const user = await createPasskeyUser();
    const stepUpOptions = await startPasskeyAuthentication("step_up", { userId: user.userId, sessionId: user.session.sessionId }, uniqueContext());
    expect(await authenticateWithPasskey(JSON.stringify(user.authenticator.assert(stepUpOptions)), uniqueContext())).toBeNull();

    const signInOptions = await startPasskeyAuthentication("sign_in", {}, uniqueContext());
    await expect(stepUp(user.session, { method: "passkey", response: JSON.stringify(user.authenticator.assert(signInOptions)) }, uniqueContext())).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
    expect((await activeSession(user.token)).stepUpAt).toBeNull();
  });

  test("a passkey that was deleted no longer signs in", async () => {
    const user = await createPasskeyUser();
    await db.passkey.delete({ where: { id: user.passkeyId } });

    expect((await signInWithPasskey(user.authenticator)).result).toBeNull();
  });
});

describe("the signature counter (T-E2, cloned authenticators)", () => {
  test("a counter lower than the stored one is refused and logged as passkey.counter_suspicious", async () => {
    const user = await createPasskeyUser();
    // The genuine authenticator is used three times: the server now expects more than 3.
    for (let use = 0; use < 3; use++) expect((await signInWithPasskey(user.authenticator)).result).not.toBeNull();
    expect((await db.passkey.findUniqueOrThrow({ where: { id: user.passkeyId } })).counter).toBe(3);
    const context = uniqueContext();

    // A clone made after the first use still counts from there.
    const { result } = await signInWithPasskey(user.authenticator, { counter: 2 }, context);

    expect(result).toBeNull();
    expect((await db.passkey.findUniqueOrThrow({ where: { id: user.passkeyId } })).counter).toBe(3);
    expect(await auditActions(user.userId, "passkey.counter_suspicious")).toEqual([{ metadata: JSON.stringify({ passkeyId: user.passkeyId }), ipAddress: context.ipAddress }]);
  });

  test("a counter equal to the stored one is refused too", async () => {
    const user = await createPasskeyUser();
    expect((await signInWithPasskey(user.authenticator)).result).not.toBeNull();

    expect((await signInWithPasskey(user.authenticator, { counter: 1 })).result).toBeNull();
    expect(await auditActions(user.userId, "passkey.counter_suspicious")).toHaveLength(1);
  });

  test("synced passkeys that always report 0 keep working", async () => {
    const user = await createPasskeyUser(newAuthenticator({ synced: true }));
    for (let use = 0; use < 3; use++) expect((await signInWithPasskey(user.authenticator)).result?.userId).toBe(user.userId);

    expect(await db.passkey.findUniqueOrThrow({ where: { id: user.passkeyId }, select: { counter: true, backedUp: true } })).toEqual({ counter: 0, backedUp: true });
    expect(await auditActions(user.userId, "passkey.counter_suspicious")).toEqual([]);
  });

  test("a counter that starts counting after 0 is accepted", async () => {
    const user = await createPasskeyUser();
    expect((await signInWithPasskey(user.authenticator, { counter: 0 })).result).not.toBeNull();
    expect((await signInWithPasskey(user.authenticator, { counter: 7 })).result).not.toBeNull();
    expect((await db.passkey.findUniqueOrThrow({ where: { id: user.passkeyId } })).counter).toBe(7);
  });
});

describe("a passkey as the second factor", () => {
  async function passwordStep(user: { email: string; password: string }) {
    const result = await authenticateWithPassword({ email: user.email, password: user.password }, uniqueContext());
    if (result?.kind !== "second_factor") throw new Error(`expected a second-factor step, got ${JSON.stringify(result)}`);
    const pending = await db.pendingSignIn.findFirstOrThrow({ where: { userId: (await db.user.findUniqueOrThrow({ where: { email: user.email } })).id } });
    return { pendingToken: result.pendingToken, pendingSignInId: pending.id };
  }

  test("completes a password sign-in of a two-factor account: session 'password+passkey'", async () => {
    const user = await createTotpUser();
    const authenticator = newAuthenticator();
    await addTotpUserPasskey(user, authenticator);
    const { pendingToken, pendingSignInId } = await passwordStep(user);

    const options = await startPasskeyAuthentication("second_factor", { userId: user.userId, pendingSignInId }, uniqueContext());
    // Only the pending user's passkeys are offered.
    expect(options.allowCredentials).toEqual([{ id: authenticator.id, type: "public-key", transports: ["internal"] }]);
    const result = await completeSecondFactor({ pendingToken, method: "passkey", code: JSON.stringify(authenticator.assert(options)) }, uniqueContext());

    expect(result).toEqual({ ok: true, userId: user.userId, sessionToken: expect.any(String) });
    if (!result.ok) throw new Error("unreachable");
    expect((await findActiveSession(result.sessionToken))?.signInMethod).toBe("password+passkey");
    expect(await db.pendingSignIn.count({ where: { id: pendingSignInId } })).toBe(0);
  });

  test("another account's passkey, or a challenge of another pending sign-in, is refused", async () => {
    const victim = await createTotpUser();
    await addTotpUserPasskey(victim, newAuthenticator());
    const attacker = await createPasskeyUser();
    const { pendingToken, pendingSignInId } = await passwordStep(victim);
    const sessionsBefore = await sessionsOf(victim.userId);

    // The attacker's own passkey answering the victim's challenge.
    const options = await startPasskeyAuthentication("second_factor", { userId: victim.userId, pendingSignInId }, uniqueContext());
    expect(await completeSecondFactor({ pendingToken, method: "passkey", code: JSON.stringify(attacker.authenticator.assert(options)) }, uniqueContext())).toEqual({
      ok: false,
      reason: "invalid",
    });
    // A sign-in challenge (anyone can get one) is not a second-factor challenge.
    const signInOptions = await startPasskeyAuthentication("sign_in", {}, uniqueContext());
    expect(await completeSecondFactor({ pendingToken, method: "passkey", code: JSON.stringify(attacker.authenticator.assert(signInOptions)) }, uniqueContext())).toMatchObject({
      ok: false,
    });

    expect(await sessionsOf(victim.userId)).toEqual(sessionsBefore);
    expect(await db.auditEvent.count({ where: { userId: victim.userId, action: "two_factor.code_failed" } })).toBe(2);
  });
});

describe("a passkey for step-up", () => {
  test("elevates this session only, and counts as a second factor", async () => {
    const user = await createPasskeyUser();
    const otherToken = await signIn(user.email, user.password);
    const options = await startPasskeyAuthentication("step_up", { userId: user.userId, sessionId: user.session.sessionId }, uniqueContext());
    const response = JSON.stringify(user.authenticator.assert(options));

    // The other session cannot use a challenge issued to this one.
    await expect(stepUp(await activeSession(otherToken), { method: "passkey", response }, uniqueContext())).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect((await activeSession(otherToken)).stepUpAt).toBeNull();

    await stepUp(
      user.session,
      {
        method: "passkey",
        response: JSON.stringify(
          user.authenticator.assert(await startPasskeyAuthentication("step_up", { userId: user.userId, sessionId: user.session.sessionId }, uniqueContext())),
        ),
      },
      uniqueContext(),
    );
    const elevated = await activeSession(user.token);
    expect(elevated.stepUpSecondFactor).toBe(true);
    expect(() => requireStepUp(elevated, { secondFactor: true })).not.toThrow();
  });

  test("another account's passkey cannot step up this session", async () => {
    const victim = await createPasskeyUser();
    const attacker = await createPasskeyUser();
    const options = await startPasskeyAuthentication("step_up", { userId: victim.userId, sessionId: victim.session.sessionId }, uniqueContext());

    await expect(stepUp(victim.session, { method: "passkey", response: JSON.stringify(attacker.authenticator.assert(options)) }, uniqueContext())).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
    expect((await activeSession(victim.token)).stepUpAt).toBeNull();
  });
});

/** TOTP users step up with a code: add their passkey after a TOTP step-up, as the page does. */
async function addTotpUserPasskey(user: Awaited<ReturnType<typeof createTotpUser>>, authenticator: ReturnType<typeof newAuthenticator>) {
  await stepUp(await activeSession(user.token), { method: "totp", code: await nextTotpCode(user.userId, user.secret) }, uniqueContext());
  const session = await activeSession(user.token);
  await finishPasskeyRegistration(session, authenticator.register(await startPasskeyRegistration(session, uniqueContext())), "Key", uniqueContext());
}

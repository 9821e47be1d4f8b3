// Every passkey options request stores a challenge row (issue 8, item 10). Only the sign-in
// options were limited, in their action; registration, second-factor and step-up options could
// be asked for without end. Now the domain functions count each request per IP address and per
// account, whoever calls them.
/** @see issue 8 */
import { describe, expect, test } from "vitest";
import { createPendingSignIn } from "@/lib/auth/pending-sign-in";
import { getConfig } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { scaledPoints, type RateLimitName } from "@/lib/rate-limit/limit";
import { startPasskeyAuthentication } from "@/lib/webauthn/authentication";
import { startPasskeyRegistration } from "@/lib/webauthn/passkeys";
import { createSignedInUser, stepUpWithPassword, testContext } from "../../fixtures/builders";
import { createPasskeyUser, uniqueContext } from "./passkey-builders";

const RATE_LIMITED = { code: "RATE_LIMITED", message: expect.stringMatching(/^Too many attempts\. Try again in \d+ minutes?\.$/) };

/** createPasskeyUser asked for registration options once. */
const PASSKEY_ADDED = 1;

const budget = (name: RateLimitName) => scaledPoints(name, getConfig().RATE_LIMIT_SCALE);

/**
 * Asks until the account's budget is spent (each time from a new address, so only the
 * per-account count grows), then once more. `used`: requests the account made before.
 */
async function expectAccountLimit(ask: () => Promise<unknown>, userId: string, used = 0) {
  for (let request = used; request < budget("passkey-options:user"); request += 1) await ask();
  const before = await db.webAuthnChallenge.count({ where: { userId } });
  await expect(ask()).rejects.toMatchObject(RATE_LIMITED);
  expect(await db.webAuthnChallenge.count({ where: { userId } })).toBe(before);
}

describe("per account, from any address", () => {
  test("registration options", async () => {
    const user = await createSignedInUser();
    const session = await stepUpWithPassword(user.token, user.password);
    await expectAccountLimit(() => startPasskeyRegistration(session, uniqueContext()), user.userId);
  });

  test("step-up options", async () => {
    const user = await createPasskeyUser();
    await expectAccountLimit(() => startPasskeyAuthentication("step_up", { userId: user.userId, sessionId: user.session.sessionId }, uniqueContext()), user.userId, PASSKEY_ADDED);
  });

  test("second-factor options", async () => {
    const user = await createPasskeyUser();
    await db.$transaction((tx) => createPendingSignIn(tx, user.userId, testContext()));
    const pending = await db.pendingSignIn.findFirstOrThrow({ where: { userId: user.userId }, select: { id: true } });
    await expectAccountLimit(() => startPasskeyAuthentication("second_factor", { userId: user.userId, pendingSignInId: pending.id }, uniqueContext()), user.userId, PASSKEY_ADDED);
  });

  test("one account's limit leaves another's alone", async () => {
    const [busy, other] = [await createPasskeyUser(), await createPasskeyUser()];
    await expectAccountLimit(() => startPasskeyAuthentication("step_up", { userId: busy.userId, sessionId: busy.session.sessionId }, uniqueContext()), busy.userId, PASSKEY_ADDED);
    await expect(startPasskeyAuthentication("step_up", { userId: other.userId, sessionId: other.session.sessionId }, uniqueContext())).resolves.toMatchObject({
      challenge: expect.any(String),
    });
  });
});

describe("per IP address, whatever the account", () => {
  test("sign-in options (no account named) from one address", async () => {
    const context = uniqueContext();
    for (let request = 0; request < budget("passkey-options:ip"); request += 1) await startPasskeyAuthentication("sign_in", {}, context);
    await expect(startPasskeyAuthentication("sign_in", {}, context)).rejects.toMatchObject(RATE_LIMITED);
    // Another address is not affected.
    await expect(startPasskeyAuthentication("sign_in", {}, uniqueContext())).resolves.toMatchObject({ challenge: expect.any(String) });
  });

  test("registration options of many accounts from one address count together", async () => {
    const context = uniqueContext();
    const accounts = await Promise.all(Array.from({ length: 3 }, () => createSignedInUser()));
    const sessions = await Promise.all(accounts.map((account) => stepUpWithPassword(account.token, account.password)));
    for (let request = 0; request < budget("passkey-options:ip"); request += 1) await startPasskeyRegistration(sessions[request % sessions.length]!, context);
    await expect(startPasskeyRegistration(sessions[0]!, context)).rejects.toMatchObject(RATE_LIMITED);
  });
});

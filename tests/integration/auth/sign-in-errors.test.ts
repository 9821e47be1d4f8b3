// Internal errors during sign-in are not wrong credentials. Any Auth.js error used to become
// "Email or password is incorrect." and the log kept only the error's name, so a database
// outage or an ENCRYPTION_KEY change (the TOTP secret no longer decrypts) looked like a
// person typing the wrong code. Now such an error is thrown again, with its own message and
// stack in the log, and reaches the error page with a digest.
/** @see issue 8, item 4 */
import { Auth, raw, skipCSRFCheck } from "@auth/core";
import Credentials from "@auth/core/providers/credentials";
import { CredentialsSignin } from "next-auth";
import { afterEach, describe, expect, test, vi } from "vitest";
import { authenticateWithPassword } from "@/lib/auth/authenticate-with-password";
import { authLogger } from "@/lib/auth/config";
import { SignInPausedError } from "@/lib/auth/lockout";
import { completeSecondFactor, totpAssociatedData } from "@/lib/auth/second-factor";
import { signInFailureOf } from "@/lib/auth/sign-in-outcome";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/operations/logger.mjs";
import { createTotpUser, testContext, totpCodeAt } from "../../fixtures/builders";

const DECRYPTION_FAILED = /unable to authenticate data/;

/** Seals the user's TOTP secret with another ENCRYPTION_KEY, as if the key had changed since. */
async function sealTotpSecretWithAnotherKey(userId: string, secret: string): Promise<void> {
  const currentKey = process.env.ENCRYPTION_KEY;
  process.env.ENCRYPTION_KEY = Buffer.alloc(32, 9).toString("base64");
  try {
    vi.resetModules();
    const { encryptSecret } = await import("@/lib/crypto/encryption");
    await db.user.update({ where: { id: userId }, data: { totpSecretCiphertext: encryptSecret(secret, totpAssociatedData(userId)) } });
  } finally {
    process.env.ENCRYPTION_KEY = currentKey;
    vi.resetModules();
  }
}

async function passwordStep(email: string, password: string): Promise<string> {
  const result = await authenticateWithPassword({ email, password }, testContext());
  if (result?.kind !== "second_factor") throw new Error(`expected a second-factor step, got ${JSON.stringify(result)}`);
  return result.pendingToken;
}

/** What Auth.js throws to a server action when `authorize` fails this way (Latchkey's logger included). */
async function authJsErrorOf(authorize: () => Promise<unknown>): Promise<unknown> {
  const request = new Request("http://localhost:3000/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ code: "000000" }),
  });
  return Auth(request, {
    secret: process.env.AUTH_SECRET,
    trustHost: true,
    basePath: "/api/auth",
    raw,
    skipCSRFCheck,
    logger: authLogger,
    session: { strategy: "jwt" },
    providers: [Credentials({ credentials: { code: {} }, authorize: async () => (await authorize()) as null })],
  }).then(
    () => null,
    (error: unknown) => error,
  );
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("sign-in errors that are not about the credentials", () => {
  test("a TOTP secret sealed with another key: the right password and code throw the decryption error, logged with its cause, never as a wrong code", async () => {
    const user = await createTotpUser();
    await sealTotpSecretWithAnotherKey(user.userId, user.secret);
    const pendingToken = await passwordStep(user.email, user.password);
    const code = await totpCodeAt(user.secret);
    const sessionsBefore = await db.session.count({ where: { userId: user.userId } });
    const secondFactor = () => completeSecondFactor({ pendingToken, method: "totp", code }, testContext());

    // The domain function does not answer "invalid": it throws.
    await expect(secondFactor()).rejects.toThrow(DECRYPTION_FAILED);

    // Through Auth.js, as the sign-in action sees it: the outcome is thrown again, unwrapped.
    const logged = vi.spyOn(logger, "error").mockImplementation(() => {});
    const error = await authJsErrorOf(secondFactor);
    let rethrown: unknown = null;
    try {
      signInFailureOf(error);
    } catch (caught) {
      rethrown = caught;
    }
    expect(rethrown).toBeInstanceOf(Error);
    expect((rethrown as Error).message).toMatch(DECRYPTION_FAILED);
    expect(rethrown).not.toBe(error); // the cause, not Auth.js's wrapper

    // The log line names the cause and where it was thrown; it holds no code and no password.
    const log = logged.mock.calls.map((call) => call.join(" ")).join("\n");
    expect(log).toMatch(/auth error CallbackRouteError, caused by Error: Unsupported state or unable to authenticate data/);
    expect(log).toMatch(/at decryptSecret .*lib\/crypto\/encryption\.ts/);
    expect(log).not.toContain(code);
    expect(log).not.toContain(user.password);
    expect(log).not.toContain(pendingToken);

    expect(await db.session.count({ where: { userId: user.userId } })).toBe(sessionsBefore);
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "two_factor.code_failed" } })).toBe(0);
  });

  test("credential outcomes still map to their answers and are not logged", async () => {
    const logged = vi.spyOn(logger, "error").mockImplementation(() => {});
    expect(signInFailureOf(await authJsErrorOf(async () => null))).toEqual({ kind: "invalid" });
    expect(signInFailureOf(new CredentialsSignin())).toEqual({ kind: "invalid" });
    const paused = new SignInPausedError(900);
    expect(
      signInFailureOf(
        await authJsErrorOf(async () => {
          throw paused;
        }),
      ),
    ).toEqual({ kind: "rate_limited", error: paused });
    expect(logged).not.toHaveBeenCalled();
  });
});

// The last way to sign in under concurrent changes (issue 8, item 10). deletePasskey and
// removePassword each check "something else remains" inside a Serializable transaction. Run in
// parallel, PostgreSQL aborts one of them (SQLSTATE 40001); without a retry that abort reached
// the person as a 500. Now the loser runs again, sees the winner's change and gets its message.
// Several rounds per case, so the two requests really overlap.
/** @see issue 8 */
import { describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { deletePasskey, removePassword } from "@/lib/webauthn/passkeys";
import { activeSession, stepUpWithPassword } from "../../fixtures/builders";
import { addPasskey, createPasskeyUser, uniqueContext } from "./passkey-builders";

const ROUNDS = 5;

/** Exactly one request won; the other got a clear AppError, never a database error. */
function expectOneWinnerAndAClearRefusal(outcomes: PromiseSettledResult<void>[]) {
  expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
  const refused = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected")!;
  expect(refused.reason).toBeInstanceOf(AppError);
  expect(refused.reason).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/\S/) });
}

async function signInMethods(userId: string) {
  const [user, passkeys] = await Promise.all([db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } }), db.passkey.count({ where: { userId } })]);
  return { password: user.passwordHash !== null, passkeys };
}

describe("parallel changes never take the last way to sign in, and never answer with an unhandled error", () => {
  test.each(Array.from({ length: ROUNDS }, (_, round) => round + 1))("a password-less account deletes both of its passkeys at once (round %i)", async () => {
    const user = await createPasskeyUser();
    await removePassword(await stepUpWithPassword(user.token, user.password), uniqueContext());
    const { passkeyId: second } = await addPasskey(user);
    const session = await activeSession(user.token);

    const outcomes = await Promise.allSettled([deletePasskey(session, user.passkeyId, uniqueContext()), deletePasskey(session, second, uniqueContext())]);

    expectOneWinnerAndAClearRefusal(outcomes);
    expect(await signInMethods(user.userId)).toEqual({ password: false, passkeys: 1 });
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "passkey.deleted" } })).toBe(1);
  });

  test.each(Array.from({ length: ROUNDS }, (_, round) => round + 1))("an account removes its password and its only passkey at once (round %i)", async () => {
    const user = await createPasskeyUser();
    const session = await stepUpWithPassword(user.token, user.password);

    const outcomes = await Promise.allSettled([removePassword(session, uniqueContext()), deletePasskey(session, user.passkeyId, uniqueContext())]);

    expectOneWinnerAndAClearRefusal(outcomes);
    const methods = await signInMethods(user.userId);
    expect(methods.password || methods.passkeys > 0).toBe(true);
    expect(methods).toEqual(outcomes[0]!.status === "fulfilled" ? { password: false, passkeys: 1 } : { password: true, passkeys: 0 });
  });
});

// Passkey ownership and lifecycle (T-E4): another person's passkey id is NOT_FOUND (never a
// different error) and nothing changes; deleting and adding need a step-up; the last way to
// sign in cannot be deleted; a password can be removed only while a passkey remains.
import { describe, expect, test } from "vitest";
import { authenticateWithPassword } from "@/lib/auth/authenticate-with-password";
import { stepUp } from "@/lib/auth/step-up";
import { db } from "@/lib/db/client";
import { startPasskeyAuthentication } from "@/lib/webauthn/authentication";
import { deletePasskey, removePassword, renamePasskey } from "@/lib/webauthn/passkeys";
import { activeSession, createSignedInUser, stepUpWithPassword } from "../../fixtures/builders";
import { addPasskey, createPasskeyUser, signInWithPasskey, uniqueContext } from "./passkey-builders";

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
const NOT_FOUND = { code: "NOT_FOUND", message: "That passkey doesn't exist any more." };

function passkeyRow(id: string) {
  return db.passkey.findUnique({ where: { id }, select: { userId: true, name: true } });
}

describe("another person's passkey", () => {
  test("renaming it answers NOT_FOUND, like an id that never existed, and changes nothing", async () => {
    const victim = await createPasskeyUser();
    const attacker = await createPasskeyUser();
    const before = await passkeyRow(victim.passkeyId);

    await expect(renamePasskey(attacker.session, victim.passkeyId, "pwned", uniqueContext())).rejects.toMatchObject(NOT_FOUND);
    await expect(renamePasskey(attacker.session, "cl0000000000000000000none", "pwned", uniqueContext())).rejects.toMatchObject(NOT_FOUND);

    expect(await passkeyRow(victim.passkeyId)).toEqual(before);
    expect(await db.auditEvent.count({ where: { userId: { in: [victim.userId, attacker.userId] }, action: "passkey.renamed" } })).toBe(0);
  });

  test("deleting it, even with a fresh step-up, answers NOT_FOUND and the passkey stays", async () => {
    const victim = await createPasskeyUser();
    const attacker = await createPasskeyUser();
    const elevated = await stepUpWithPassword(attacker.token, attacker.password);

    await expect(deletePasskey(elevated, victim.passkeyId, uniqueContext())).rejects.toMatchObject(NOT_FOUND);
    await expect(deletePasskey(elevated, "cl0000000000000000000none", uniqueContext())).rejects.toMatchObject(NOT_FOUND);

    expect(await passkeyRow(victim.passkeyId)).toMatchObject({ userId: victim.userId });
    expect(await db.auditEvent.count({ where: { userId: { in: [victim.userId, attacker.userId] }, action: "passkey.deleted" } })).toBe(0);
    // The victim can still sign in with it.
    expect((await signInWithPasskey(victim.authenticator)).result?.userId).toBe(victim.userId);
  });
});

describe("renaming your own passkey", () => {
  test("changes the name and logs it", async () => {
    const user = await createPasskeyUser();

    await renamePasskey(user.session, user.passkeyId, "Phone", uniqueContext());

    expect(await passkeyRow(user.passkeyId)).toEqual({ userId: user.userId, name: "Phone" });
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "passkey.renamed" } })).toBe(1);
  });
});

describe("deleting your own passkey", () => {
  test("needs a step-up: refused without one and with one older than 10 minutes", async () => {
    const user = await createPasskeyUser();

    await expect(deletePasskey(user.session, user.passkeyId, uniqueContext())).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });
    await stepUpWithPassword(user.token, user.password);
    await db.session.update({ where: { id: user.session.sessionId }, data: { stepUpAt: minutesAgo(11) } });
    await expect(deletePasskey(await activeSession(user.token), user.passkeyId, uniqueContext())).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });

    expect(await passkeyRow(user.passkeyId)).not.toBeNull();
  });

  test("with a password left, the only passkey can go; it no longer signs in", async () => {
    const user = await createPasskeyUser();

    await deletePasskey(await stepUpWithPassword(user.token, user.password), user.passkeyId, uniqueContext());

    expect(await passkeyRow(user.passkeyId)).toBeNull();
    expect(await db.auditEvent.findMany({ where: { userId: user.userId, action: "passkey.deleted" }, select: { metadata: true } })).toEqual([
      { metadata: JSON.stringify({ passkeyId: user.passkeyId }) },
    ]);
    expect((await signInWithPasskey(user.authenticator)).result).toBeNull();
  });

  test("a password-less account cannot delete its last passkey, but can delete one of two", async () => {
    const user = await createPasskeyUser();
    await removePassword(await stepUpWithPassword(user.token, user.password), uniqueContext());
    const session = await activeSession(user.token);
    expect(session.user.hasPassword).toBe(false);

    await expect(deletePasskey(session, user.passkeyId, uniqueContext())).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This is your only way to sign in. Set a password or add another passkey before you delete it.",
    });
    expect(await passkeyRow(user.passkeyId)).not.toBeNull();

    // With a second passkey, one of them can go; the last one stays protected.
    const { passkeyId: second } = await addPasskey(user);
    await deletePasskey(await activeSession(user.token), user.passkeyId, uniqueContext());
    expect(await db.passkey.findMany({ where: { userId: user.userId }, select: { id: true } })).toEqual([{ id: second }]);
    await expect(deletePasskey(await activeSession(user.token), second, uniqueContext())).rejects.toMatchObject({ code: "CONFLICT" });
  });

  test("two parallel deletions of a password-less account's two passkeys leave one", async () => {
    const user = await createPasskeyUser();
    await removePassword(await stepUpWithPassword(user.token, user.password), uniqueContext());
    const { passkeyId: second } = await addPasskey(user);
    const session = await activeSession(user.token);

    const outcomes = await Promise.allSettled([deletePasskey(session, user.passkeyId, uniqueContext()), deletePasskey(session, second, uniqueContext())]);

    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    expect(await db.passkey.count({ where: { userId: user.userId } })).toBe(1);
  });
});

describe("removing the password", () => {
  test("needs a step-up and a passkey; afterwards the password no longer signs in, the passkey does", async () => {
    const user = await createSignedInUser();
    await expect(removePassword(user.session, uniqueContext())).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });
    await expect(removePassword(await stepUpWithPassword(user.token, user.password), uniqueContext())).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Add a passkey first: without a password, you sign in with a passkey.",
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.userId } })).passwordHash).not.toBeNull();

    const { authenticator } = await addPasskey(user);
    await removePassword(await activeSession(user.token), uniqueContext());

    expect((await db.user.findUniqueOrThrow({ where: { id: user.userId } })).passwordHash).toBeNull();
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "user.password_removed" } })).toBe(1);
    expect(await authenticateWithPassword({ email: user.email, password: user.password }, uniqueContext())).toBeNull();
    expect((await signInWithPasskey(authenticator)).result?.userId).toBe(user.userId);
  });

  test("a password-less account steps up with its passkey, and the password is not accepted", async () => {
    const user = await createPasskeyUser();
    await removePassword(await stepUpWithPassword(user.token, user.password), uniqueContext());
    await db.session.update({ where: { id: user.session.sessionId }, data: { stepUpAt: null } });
    const session = await activeSession(user.token);

    await expect(stepUp(session, { method: "password", password: user.password }, uniqueContext())).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    const options = await startPasskeyAuthentication("step_up", { userId: user.userId, sessionId: session.sessionId }, uniqueContext());
    await stepUp(session, { method: "passkey", response: JSON.stringify(user.authenticator.assert(options)) }, uniqueContext());

    expect((await activeSession(user.token)).stepUpAt).not.toBeNull();
  });
});

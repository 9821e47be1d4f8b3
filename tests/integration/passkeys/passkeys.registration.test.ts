// Adding a passkey (T-E1 stored record, T-E3 origin/RP binding, T-E4 step-up and duplicates),
// with a software authenticator: the full cryptographic path without a browser.
import { describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { finishPasskeyRegistration, startPasskeyRegistration } from "@/lib/webauthn/passkeys";
import { activeSession, createSignedInUser, lastMail, signIn, stepUpWithPassword } from "../../fixtures/builders";
import { addPasskey, APP_ORIGIN, newAuthenticator, uniqueContext } from "./passkey-builders";
import { FLAG_AT, FLAG_UP, FLAG_UV } from "./software-authenticator";

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

describe("adding a passkey", () => {
  test("stores the credential, logs it and mails the owner", async () => {
    const user = await createSignedInUser();
    const session = await stepUpWithPassword(user.token, user.password);
    const authenticator = newAuthenticator();
    const context = uniqueContext();

    const options = await startPasskeyRegistration(session, uniqueContext());
    // Options: no attestation, a resident key with user verification, for this site.
    expect(options).toMatchObject({
      rp: { id: "localhost", name: "Latchkey" },
      attestation: "none",
      authenticatorSelection: { residentKey: "required", userVerification: "required" },
      excludeCredentials: [],
    });
    const added = await finishPasskeyRegistration(session, authenticator.register(options), "Work laptop", context);

    expect(added).toEqual({ id: expect.any(String), name: "Work laptop" });
    const stored = await db.passkey.findUniqueOrThrow({ where: { id: added.id } });
    expect(stored).toMatchObject({
      userId: user.userId,
      credentialId: authenticator.id,
      publicKey: authenticator.publicKeyCose.toString("base64url"),
      counter: 0,
      transports: "internal",
      deviceType: "singleDevice",
      backedUp: false,
      aaguid: "00000000-0000-0000-0000-000000000000",
      name: "Work laptop",
      lastUsedAt: null,
    });
    expect(await db.auditEvent.findMany({ where: { userId: user.userId, action: "passkey.added" }, select: { metadata: true, ipAddress: true } })).toEqual([
      { metadata: JSON.stringify({ passkeyId: added.id }), ipAddress: context.ipAddress },
    ]);
    expect((await lastMail(user.email, "A passkey was added to your account")).textBody).toContain('"Work laptop"');
  });

  test("a synced passkey is stored as backed up, and an empty name becomes the browser's name", async () => {
    const user = await createSignedInUser();
    const session = await stepUpWithPassword(user.token, user.password);
    const authenticator = newAuthenticator({ synced: true });
    const context = uniqueContext({ userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15" });

    const added = await finishPasskeyRegistration(session, authenticator.register(await startPasskeyRegistration(session, uniqueContext())), "", context);

    expect(added.name).toMatch(/Safari/);
    expect(await db.passkey.findUniqueOrThrow({ where: { id: added.id } })).toMatchObject({ deviceType: "multiDevice", backedUp: true, name: added.name });
  });

  test("needs a step-up: without one, or with one older than 10 minutes, nothing is issued or stored", async () => {
    const user = await createSignedInUser();

    await expect(startPasskeyRegistration(user.session, uniqueContext())).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });
    expect(await db.webAuthnChallenge.count({ where: { userId: user.userId } })).toBe(0);

    // Options obtained while elevated don't help once the elevation is over.
    const elevated = await stepUpWithPassword(user.token, user.password);
    const options = await startPasskeyRegistration(elevated, uniqueContext());
    await db.session.update({ where: { id: user.session.sessionId }, data: { stepUpAt: minutesAgo(11) } });
    const stale = await activeSession(user.token);
    await expect(startPasskeyRegistration(stale, uniqueContext())).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });
    await expect(finishPasskeyRegistration(stale, newAuthenticator().register(options), "Late", uniqueContext())).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });
    expect(await db.passkey.count({ where: { userId: user.userId } })).toBe(0);
  });

  test("the same authenticator twice: excluded in the options, and refused by the server", async () => {
    const user = await createSignedInUser();
    const { authenticator } = await addPasskey(user);
    const session = await activeSession(user.token);

    const options = await startPasskeyRegistration(session, uniqueContext());
    expect(options.excludeCredentials).toEqual([{ id: authenticator.id, type: "public-key", transports: ["internal"] }]);
    // An authenticator that ignores excludeCredentials is refused anyway.
    await expect(finishPasskeyRegistration(session, authenticator.register(options), "Again", uniqueContext())).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This passkey is already added to an account.",
    });
    expect(await db.passkey.count({ where: { credentialId: authenticator.id } })).toBe(1);
  });

  test("a credential already on another account is refused: a credential ID belongs to one account", async () => {
    const owner = await createSignedInUser();
    const { authenticator } = await addPasskey(owner);
    const other = await createSignedInUser();
    const session = await stepUpWithPassword(other.token, other.password);

    await expect(
      finishPasskeyRegistration(session, authenticator.register(await startPasskeyRegistration(session, uniqueContext())), "Stolen", uniqueContext()),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect(await db.passkey.findMany({ where: { credentialId: authenticator.id }, select: { userId: true } })).toEqual([{ userId: owner.userId }]);
  });

  // PostgreSQL runs the four registrations truly in parallel (SQLite's single writer rarely
  // lets them overlap): before the fix, the losers got Prisma's unique-index error, a 500.
  test("one credential registered by several accounts at once: one gets it, the others a CONFLICT (not a crash)", async () => {
    const users = await Promise.all(Array.from({ length: 4 }, () => createSignedInUser()));
    const sessions = await Promise.all(users.map((user) => stepUpWithPassword(user.token, user.password)));
    const authenticator = newAuthenticator();
    const responses = await Promise.all(sessions.map(async (session) => authenticator.register(await startPasskeyRegistration(session, uniqueContext()))));

    const outcomes = await Promise.allSettled(sessions.map((session, index) => finishPasskeyRegistration(session, responses[index]!, "Shared", uniqueContext())));

    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status === "rejected")).toEqual(
      Array.from({ length: 3 }, () => expect.objectContaining({ reason: expect.objectContaining({ code: "CONFLICT", message: "This passkey is already added to an account." }) })),
    );
    expect(await db.passkey.count({ where: { credentialId: authenticator.id } })).toBe(1);
  });

  describe("a response the server must refuse, storing nothing", () => {
    const refusals = {
      "made for another origin (127.0.0.1 instead of localhost)": { origin: APP_ORIGIN.replace("localhost", "127.0.0.1") },
      "made for another site's origin": { origin: "https://evil.test" },
      "made for another RP ID": { rpId: "evil.test" },
      "without user verification (UV=0)": { flags: FLAG_UP | FLAG_AT },
      "without user presence (UP=0)": { flags: FLAG_UV | FLAG_AT },
      "of the wrong ceremony type": { type: "webauthn.get" },
    };
    test.each(Object.entries(refusals))("%s", async (_label, overrides) => {
      const user = await createSignedInUser();
      const session = await stepUpWithPassword(user.token, user.password);
      const options = await startPasskeyRegistration(session, uniqueContext());

      await expect(finishPasskeyRegistration(session, newAuthenticator().register(options, overrides), "Bad", uniqueContext())).rejects.toMatchObject({
        code: "INVALID_INPUT",
        message: "That passkey couldn't be added. Try again.",
      });
      expect(await db.passkey.count({ where: { userId: user.userId } })).toBe(0);
      expect(await db.auditEvent.count({ where: { userId: user.userId, action: "passkey.added" } })).toBe(0);
    });
  });

  test("the registration challenge is single use and bound to the session that asked for it", async () => {
    const user = await createSignedInUser();
    const session = await stepUpWithPassword(user.token, user.password);
    const options = await startPasskeyRegistration(session, uniqueContext());

    // Another session of the same person, also elevated, cannot finish this ceremony.
    const otherToken = await signIn(user.email, user.password);
    const otherSession = await stepUpWithPassword(otherToken, user.password);
    await expect(finishPasskeyRegistration(otherSession, newAuthenticator().register(options), "Other", uniqueContext())).rejects.toMatchObject({ code: "INVALID_INPUT" });

    // A challenge the server never issued is refused.
    await expect(
      finishPasskeyRegistration(session, newAuthenticator().register(options, { challenge: "bm90LWlzc3VlZC1ieS10aGUtc2VydmVy" }), "Forged", uniqueContext()),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });

    await finishPasskeyRegistration(session, newAuthenticator().register(options), "First", uniqueContext());
    // The same options answered a second time (another authenticator) are refused.
    await expect(finishPasskeyRegistration(session, newAuthenticator().register(options), "Second", uniqueContext())).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(await db.passkey.findMany({ where: { userId: user.userId }, select: { name: true } })).toEqual([{ name: "First" }]);
  });
});

// WebAuthn challenges (T-E3): a challenge is single use, works only for the ceremony it was
// issued for (purpose), only for the user, session or pending sign-in it was bound to, only
// within CHALLENGE_TTL_MS, and of parallel uses exactly one wins.
import { randomBytes } from "node:crypto";
import { describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { CHALLENGE_TTL_MS, challengeOf, consumeChallenge, storeChallenge, type ChallengePurpose } from "@/lib/webauthn/challenges";

const newChallenge = () => randomBytes(32).toString("base64url");
const newId = (prefix: string) => `${prefix}-${randomBytes(6).toString("hex")}`;

describe("consumeChallenge", () => {
  test("is single use: true the first time, false the second, and the row is gone", async () => {
    const challenge = newChallenge();
    await storeChallenge(challenge, "sign_in", {});

    expect(await consumeChallenge(challenge, "sign_in", {})).toBe(true);
    expect(await consumeChallenge(challenge, "sign_in", {})).toBe(false);
    expect(await db.webAuthnChallenge.count({ where: { challenge } })).toBe(0);
  });

  test("is purpose-bound: a registration challenge is refused for every other ceremony, and vice versa", async () => {
    const userId = newId("user");
    const sessionId = newId("session");
    const registration = newChallenge();
    await storeChallenge(registration, "registration", { userId, sessionId });

    for (const purpose of ["sign_in", "second_factor", "step_up"] as const) {
      expect(await consumeChallenge(registration, purpose, {}), purpose).toBe(false);
      expect(await consumeChallenge(registration, purpose, { userId, sessionId }), purpose).toBe(false);
    }
    // The refusals did not use it up: it still works for what it was issued for.
    expect(await consumeChallenge(registration, "registration", { userId, sessionId })).toBe(true);

    const signIn = newChallenge();
    await storeChallenge(signIn, "sign_in", {});
    expect(await consumeChallenge(signIn, "registration", { userId, sessionId })).toBe(false);
    expect(await consumeChallenge(signIn, "step_up", { userId, sessionId })).toBe(false);
    expect(await consumeChallenge(signIn, "sign_in", {})).toBe(true);
  });

  test("is bound to its user and session: another user's or another session's use is refused", async () => {
    const owner = { userId: newId("user"), sessionId: newId("session") };
    const challenge = newChallenge();
    await storeChallenge(challenge, "step_up", owner);

    expect(await consumeChallenge(challenge, "step_up", { userId: newId("other-user"), sessionId: owner.sessionId })).toBe(false);
    expect(await consumeChallenge(challenge, "step_up", { userId: owner.userId, sessionId: newId("other-session") })).toBe(false);
    expect(await consumeChallenge(challenge, "step_up", { userId: newId("other-user"), sessionId: newId("other-session") })).toBe(false);
    expect(await consumeChallenge(challenge, "step_up", owner)).toBe(true);
  });

  test("a second-factor challenge is bound to its pending sign-in", async () => {
    const userId = newId("user");
    const pendingSignInId = newId("pending");
    const challenge = newChallenge();
    await storeChallenge(challenge, "second_factor", { userId, pendingSignInId });

    expect(await consumeChallenge(challenge, "second_factor", { userId, pendingSignInId: newId("other-pending") })).toBe(false);
    expect(await consumeChallenge(challenge, "second_factor", { userId: newId("other-user"), pendingSignInId })).toBe(false);
    expect(await consumeChallenge(challenge, "second_factor", { userId, pendingSignInId })).toBe(true);
  });

  test(`expires after ${CHALLENGE_TTL_MS / 60_000} minutes`, async () => {
    expect(CHALLENGE_TTL_MS).toBe(5 * 60 * 1000);
    const challenge = newChallenge();
    const before = Date.now();
    await storeChallenge(challenge, "sign_in", {});
    const { expiresAt } = await db.webAuthnChallenge.findUniqueOrThrow({ where: { challenge } });
    expect(expiresAt.getTime()).toBeGreaterThanOrEqual(before + CHALLENGE_TTL_MS - 1000);
    expect(expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + CHALLENGE_TTL_MS + 1000);

    await db.webAuthnChallenge.update({ where: { challenge }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await consumeChallenge(challenge, "sign_in", {})).toBe(false);
  });

  test("expired challenges of anyone are cleared when a new one is issued", async () => {
    const stale = newChallenge();
    await storeChallenge(stale, "step_up", { userId: newId("user"), sessionId: newId("session") });
    await db.webAuthnChallenge.update({ where: { challenge: stale }, data: { expiresAt: new Date(Date.now() - 1000) } });

    await storeChallenge(newChallenge(), "sign_in", {});

    expect(await db.webAuthnChallenge.count({ where: { challenge: stale } })).toBe(0);
  });

  test("of several parallel uses of one challenge, exactly one wins", async () => {
    const challenge = newChallenge();
    await storeChallenge(challenge, "sign_in", {});

    const outcomes = await Promise.all(Array.from({ length: 5 }, () => consumeChallenge(challenge, "sign_in", {})));

    expect(outcomes.filter(Boolean)).toHaveLength(1);
  });

  test("a challenge never issued, or none at all, is refused", async () => {
    const purposes: ChallengePurpose[] = ["registration", "sign_in", "second_factor", "step_up"];
    for (const purpose of purposes) {
      expect(await consumeChallenge(newChallenge(), purpose, {})).toBe(false);
      expect(await consumeChallenge(null, purpose, {})).toBe(false);
      expect(await consumeChallenge("", purpose, {})).toBe(false);
    }
  });
});

describe("challengeOf", () => {
  const encode = (value: string) => Buffer.from(value, "utf8").toString("base64url");

  test("reads the challenge the browser signed", () => {
    expect(challengeOf(encode(JSON.stringify({ type: "webauthn.get", challenge: "abc", origin: "http://localhost:3000" })))).toBe("abc");
  });

  test.each([
    ["null", null],
    ["a number", 42],
    ["an object", { challenge: "abc" }],
    ["text that is not base64url JSON", "%%% not base64 %%%"],
    ["base64url of something that is not JSON", encode("not json")],
    ["JSON without a challenge", encode(JSON.stringify({ type: "webauthn.get" }))],
    ["a challenge that is not a string", encode(JSON.stringify({ challenge: 12 }))],
    ["JSON null", encode("null")],
    ["more than 4 KB", encode(JSON.stringify({ challenge: "a".repeat(5000) }))],
  ])("is null for %s", (_label, value) => {
    expect(challengeOf(value)).toBeNull();
  });
});

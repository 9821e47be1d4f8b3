// Whatever a client sends as a passkey assertion, verifyPasskeyAssertion answers null and never
// throws (a throw would surface as a 500, or skip the failure log): null, non-objects, empty
// objects, oversized ids, malformed clientDataJSON, missing or garbage fields.
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { describe, expect, test } from "vitest";
import { authenticateWithPasskey } from "@/lib/auth/authenticate-with-password";
import { db } from "@/lib/db/client";
import { startPasskeyAuthentication, verifyPasskeyAssertion } from "@/lib/webauthn/passkeys";
import { createPasskeyUser, sessionsOf, uniqueContext } from "./passkey-builders";

const clientData = (challenge: string, extra: Record<string, unknown> = {}) =>
  Buffer.from(JSON.stringify({ type: "webauthn.get", challenge, origin: new URL(process.env.APP_URL!).origin, ...extra })).toString("base64url");

function verify(response: unknown) {
  return verifyPasskeyAssertion(response as AuthenticationResponseJSON, "sign_in", {}, uniqueContext());
}

describe("verifyPasskeyAssertion with garbage", () => {
  test.each([
    ["null", null],
    ["undefined", undefined],
    ["a string", "hello"],
    ["a number", 42],
    ["an array", []],
    ["an empty object", {}],
    ["an object without a response", { id: "abc", rawId: "abc", type: "public-key" }],
    ["a response that is null", { id: "abc", response: null }],
    ["clientDataJSON that is not base64url", { id: "abc", response: { clientDataJSON: "%%%%" } }],
    ["clientDataJSON that is not JSON", { id: "abc", response: { clientDataJSON: Buffer.from("{not json").toString("base64url") } }],
    ["clientDataJSON of 10 KB", { id: "abc", response: { clientDataJSON: "A".repeat(10_240) } }],
    ["clientDataJSON as an object", { id: "abc", response: { clientDataJSON: { challenge: "abc" } } }],
  ])("%s: null, no throw", async (_label, response) => {
    await expect(verify(response)).resolves.toBeNull();
  });

  // These carry a challenge the server really issued, so they get past the challenge check.
  const withLiveChallenge: [string, (challenge: string, credentialId: string) => unknown][] = [
    ["a 10 KB credential id", (challenge) => ({ id: "A".repeat(10_240), rawId: "A".repeat(10_240), type: "public-key", response: { clientDataJSON: clientData(challenge) } })],
    ["a credential id that is not a string", (challenge) => ({ id: { $ne: null }, rawId: "x", type: "public-key", response: { clientDataJSON: clientData(challenge) } })],
    ["an unknown credential id", (challenge) => ({ id: "dW5rbm93bg", rawId: "dW5rbm93bg", type: "public-key", response: { clientDataJSON: clientData(challenge) } })],
    ["a known credential without signature or authenticator data", (challenge, id) => ({ id, rawId: id, type: "public-key", response: { clientDataJSON: clientData(challenge) } })],
    [
      "a known credential with garbage authenticator data and signature",
      (challenge, id) => ({ id, rawId: id, type: "public-key", response: { clientDataJSON: clientData(challenge), authenticatorData: "AAAA", signature: "AAAA" } }),
    ],
    [
      "a known credential with non-string fields",
      (challenge, id) => ({ id, rawId: id, type: "public-key", response: { clientDataJSON: clientData(challenge), authenticatorData: 7, signature: [1, 2], userHandle: {} } }),
    ],
    ["id and rawId that differ", (challenge, id) => ({ id, rawId: "other", type: "public-key", response: { clientDataJSON: clientData(challenge) } })],
    ["a clientDataJSON with a non-string origin", (challenge, id) => ({ id, rawId: id, type: "public-key", response: { clientDataJSON: clientData(challenge, { origin: 5 }) } })],
  ];
  test.each(withLiveChallenge)("%s: null, no throw, the challenge used up, the passkey untouched", async (_label, build) => {
    const user = await createPasskeyUser();
    const { challenge } = await startPasskeyAuthentication("sign_in", {});

    await expect(verify(build(challenge, user.authenticator.id))).resolves.toBeNull();

    expect(await db.webAuthnChallenge.count({ where: { challenge } })).toBe(0);
    expect(await db.passkey.findUniqueOrThrow({ where: { id: user.passkeyId }, select: { counter: true, lastUsedAt: true } })).toEqual({ counter: 0, lastUsedAt: null });
  });
});

describe("authenticateWithPasskey with garbage", () => {
  test.each([
    ["an empty string", ""],
    ["text that is not JSON", "not json"],
    ["JSON null", "null"],
    ["a JSON array", "[]"],
    ["an empty JSON object", "{}"],
    ["an object with an empty response", '{"id":"x","response":{}}'],
    ["16 KB of digits", "9".repeat(16_384)],
  ])("%s: null, logged as a failed passkey sign-in", async (_label, input) => {
    const context = uniqueContext();

    await expect(authenticateWithPasskey(input, context)).resolves.toBeNull();

    expect(await db.auditEvent.findMany({ where: { action: "user.sign_in_failed", ipAddress: context.ipAddress }, select: { userId: true, metadata: true } })).toEqual([
      { userId: null, metadata: JSON.stringify({ method: "passkey" }) },
    ]);
  });

  test("an assertion for a known passkey with a broken signature opens no session", async () => {
    const user = await createPasskeyUser();
    const options = await startPasskeyAuthentication("sign_in", {});
    const response = user.authenticator.assert(options);
    response.response.signature = "";

    expect(await authenticateWithPasskey(JSON.stringify(response), uniqueContext())).toBeNull();
    expect(await sessionsOf(user.userId)).toHaveLength(1);
  });
});

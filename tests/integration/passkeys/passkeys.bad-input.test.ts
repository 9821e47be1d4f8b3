// Whatever a client sends as a passkey assertion, verifyPasskeyAssertion answers null and never
// throws (a throw would surface as a 500, or skip the failure log): null, non-objects, empty
// objects, oversized ids, malformed clientDataJSON, missing or garbage fields. Whatever it sends
// as a new passkey, finishPasskeyRegistration refuses with a clear message and adds nothing.
// Both parse the browser's JSON with a schema before anything reads it (issue 8, item 10).
import { describe, expect, test } from "vitest";
import { authenticateWithPasskey } from "@/lib/auth/authenticate-with-password";
import { db } from "@/lib/db/client";
import { startPasskeyAuthentication, verifyPasskeyAssertion } from "@/lib/webauthn/authentication";
import { finishPasskeyRegistration, startPasskeyRegistration } from "@/lib/webauthn/passkeys";
import { stepUpWithPassword } from "../../fixtures/builders";
import { createPasskeyUser, newAuthenticator, sessionsOf, uniqueContext } from "./passkey-builders";

const clientData = (challenge: string, extra: Record<string, unknown> = {}) =>
  Buffer.from(JSON.stringify({ type: "webauthn.get", challenge, origin: new URL(process.env.APP_URL!).origin, ...extra })).toString("base64url");

function verify(response: unknown) {
  return verifyPasskeyAssertion(response, "sign_in", {}, uniqueContext());
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
    ["a 1 MB clientDataJSON", { id: "abc", rawId: "abc", type: "public-key", response: { clientDataJSON: "A".repeat(1 << 20), authenticatorData: "AA", signature: "AA" } }],
    ["a 1 MB id", { id: "A".repeat(1 << 20), rawId: "A", type: "public-key", response: { clientDataJSON: "AA", authenticatorData: "AA", signature: "AA" } }],
    ["a __proto__ key", JSON.parse('{"__proto__":{"polluted":true},"id":"abc","rawId":"abc","type":"public-key","response":{"__proto__":{"clientDataJSON":"AA"}}}')],
    ["a type other than public-key", { id: "abc", rawId: "abc", type: "password", response: { clientDataJSON: "AA", authenticatorData: "AA", signature: "AA" } }],
  ])("%s: null, no throw", async (_label, response) => {
    await expect(verify(response)).resolves.toBeNull();
  });

  // These carry a challenge the server really issued. Those the schema lets through use it up;
  // the others are refused before the challenge is looked at.
  const withLiveChallenge: [string, (challenge: string, credentialId: string) => unknown][] = [
    ["a 10 KB credential id", (challenge) => ({ id: "A".repeat(10_240), rawId: "A".repeat(10_240), type: "public-key", response: { clientDataJSON: clientData(challenge) } })],
    ["a credential id that is not a string", (challenge) => ({ id: { $ne: null }, rawId: "x", type: "public-key", response: { clientDataJSON: clientData(challenge) } })],
    [
      "an unknown credential id",
      (challenge) => ({
        id: "dW5rbm93bg",
        rawId: "dW5rbm93bg",
        type: "public-key",
        response: { clientDataJSON: clientData(challenge), authenticatorData: "AAAA", signature: "AAAA" },
      }),
    ],
    ["a known credential without signature or authenticator data", (challenge, id) => ({ id, rawId: id, type: "public-key", response: { clientDataJSON: clientData(challenge) } })],
    [
      "a known credential with garbage authenticator data and signature",
      (challenge, id) => ({ id, rawId: id, type: "public-key", response: { clientDataJSON: clientData(challenge), authenticatorData: "AAAA", signature: "AAAA" } }),
    ],
    [
      "a known credential with non-string fields",
      (challenge, id) => ({ id, rawId: id, type: "public-key", response: { clientDataJSON: clientData(challenge), authenticatorData: 7, signature: [1, 2], userHandle: {} } }),
    ],
    [
      "id and rawId that differ",
      (challenge, id) => ({ id, rawId: "other", type: "public-key", response: { clientDataJSON: clientData(challenge), authenticatorData: "AAAA", signature: "AAAA" } }),
    ],
    [
      "a clientDataJSON with a non-string origin",
      (challenge, id) => ({ id, rawId: id, type: "public-key", response: { clientDataJSON: clientData(challenge, { origin: 5 }), authenticatorData: "AAAA", signature: "AAAA" } }),
    ],
    [
      "a userHandle that is not base64url",
      (challenge, id) => ({
        id,
        rawId: id,
        type: "public-key",
        response: { clientDataJSON: clientData(challenge), authenticatorData: "AAAA", signature: "AAAA", userHandle: "<script>" },
      }),
    ],
  ];
  test.each(withLiveChallenge)("%s: null, no throw, the passkey untouched", async (_label, build) => {
    const user = await createPasskeyUser();
    const { challenge } = await startPasskeyAuthentication("sign_in", {}, uniqueContext());

    await expect(verify(build(challenge, user.authenticator.id))).resolves.toBeNull();

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
    const options = await startPasskeyAuthentication("sign_in", {}, uniqueContext());
    const response = user.authenticator.assert(options);
    response.response.signature = "";

    expect(await authenticateWithPasskey(JSON.stringify(response), uniqueContext())).toBeNull();
    expect(await sessionsOf(user.userId)).toHaveLength(1);
  });
});

describe("finishPasskeyRegistration with garbage", () => {
  const REFUSED = { code: "INVALID_INPUT", message: "That passkey couldn't be added. Try again." };

  // Each case starts from a real answer of the software authenticator and breaks one thing.
  type Registration = ReturnType<ReturnType<typeof newAuthenticator>["register"]>;
  const cases: [string, (valid: Registration) => unknown][] = [
    ["null", () => null],
    ["a string", () => "hello"],
    ["an array", () => []],
    ["an empty object", () => ({})],
    ["no response", ({ response: _response, ...rest }) => rest],
    ["no attestationObject", (valid) => ({ ...valid, response: { clientDataJSON: valid.response.clientDataJSON } })],
    ["no clientDataJSON", (valid) => ({ ...valid, response: { attestationObject: valid.response.attestationObject } })],
    ["an id that is a number", (valid) => ({ ...valid, id: 42 })],
    ["an id that is an object", (valid) => ({ ...valid, id: { $ne: null } })],
    ["a type other than public-key", (valid) => ({ ...valid, type: "password" })],
    ["an attestationObject that is an array", (valid) => ({ ...valid, response: { ...valid.response, attestationObject: [1, 2, 3] } })],
    ["transports that are not a list", (valid) => ({ ...valid, response: { ...valid.response, transports: "usb" } })],
    ["a 1 MB attestationObject", (valid) => ({ ...valid, response: { ...valid.response, attestationObject: "A".repeat(1 << 20) } })],
    ["a 1 MB clientDataJSON", (valid) => ({ ...valid, response: { ...valid.response, clientDataJSON: "A".repeat(1 << 20) } })],
    ["a 1 MB id", (valid) => ({ ...valid, id: "A".repeat(1 << 20), rawId: "A".repeat(1 << 20) })],
    ["text that is not base64url", (valid) => ({ ...valid, response: { ...valid.response, attestationObject: "not base64url!" } })],
    [
      "a __proto__ key in place of the response",
      (valid) => JSON.parse(`{"id":"${valid.id}","rawId":"${valid.rawId}","type":"public-key","__proto__":{"response":${JSON.stringify(valid.response)}}}`),
    ],
  ];

  test.each(cases)("%s: refused with a clear message, nothing added, no pollution", async (_label, breakIt) => {
    const user = await createPasskeyUser();
    const session = await stepUpWithPassword(user.token, user.password);
    const options = await startPasskeyRegistration(session, uniqueContext());
    const valid = newAuthenticator().register(options);

    await expect(finishPasskeyRegistration(session, breakIt(valid), "Broken", uniqueContext())).rejects.toMatchObject(REFUSED);

    expect(await db.passkey.count({ where: { userId: user.userId } })).toBe(1);
    expect(({} as Record<string, unknown>).response).toBeUndefined();
    // The real answer still works: a refused body did not use up the ceremony.
    await expect(finishPasskeyRegistration(session, valid, "Real", uniqueContext())).resolves.toMatchObject({ name: "Real" });
  });

  test("unknown transports from a newer browser are left out, not refused", async () => {
    const user = await createPasskeyUser();
    const session = await stepUpWithPassword(user.token, user.password);
    const valid = newAuthenticator().register(await startPasskeyRegistration(session, uniqueContext()));

    const { id } = await finishPasskeyRegistration(session, { ...valid, response: { ...valid.response, transports: ["internal", "teleport"] } }, "Newer", uniqueContext());

    expect(await db.passkey.findUniqueOrThrow({ where: { id }, select: { transports: true } })).toEqual({ transports: "internal" });
  });
});

import "server-only";
import { generateAuthenticationOptions, verifyAuthenticationResponse, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import { sendNotice } from "@/lib/email/send-email";
import { emails } from "@/lib/email/templates";
import type { RequestContext } from "@/lib/http/request-context";
import { MAX_STORED_COUNTER, USER_VERIFICATION, limitPasskeyOptions, transportsOf } from "./ceremony";
import { challengeOf, consumeChallenge, storeChallenge, type ChallengeBinding, type ChallengePurpose } from "./challenges";
import { relyingParty } from "./relying-party";
import { authenticationResponseSchema } from "./schemas";

// Using a passkey: sign-in, the second factor and step-up. Adding and managing passkeys is
// lib/webauthn/passkeys.ts, which needs step-up, which needs this: kept apart, no cycle.

/**
 * Options for using a passkey. Sign-in offers every passkey of the site (discoverable, no
 * email typed); the second factor and step-up offer only the user's own.
 */
export async function startPasskeyAuthentication(
  purpose: Exclude<ChallengePurpose, "registration">,
  binding: ChallengeBinding,
  context: RequestContext,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  await limitPasskeyOptions(binding.userId, context);
  const { rpID } = relyingParty();
  const allowCredentials = binding.userId
    ? (await db.passkey.findMany({ where: { userId: binding.userId }, select: { credentialId: true, transports: true } })).map((passkey) => ({
        id: passkey.credentialId,
        transports: transportsOf(passkey.transports),
      }))
    : [];
  const options = await generateAuthenticationOptions({ rpID, userVerification: USER_VERIFICATION, allowCredentials });
  await storeChallenge(options.challenge, purpose, binding);
  return options;
}

/**
 * Verifies a passkey assertion (`body`: parsed JSON of any shape) for a challenge issued for
 * `purpose` and `binding`; returns the passkey's owner, or null. A signature counter that
 * goes backwards (a cloned authenticator) is refused and logged.
 */
export async function verifyPasskeyAssertion(
  body: unknown,
  purpose: Exclude<ChallengePurpose, "registration">,
  binding: ChallengeBinding,
  context: RequestContext,
): Promise<{ userId: string; passkeyId: string } | null> {
  const parsed = authenticationResponseSchema.safeParse(body);
  if (!parsed.success) return null;
  const response = parsed.data;
  const challenge = challengeOf(response.response.clientDataJSON);
  if (!(await consumeChallenge(challenge, purpose, binding))) return null;
  const passkey = await db.passkey.findUnique({ where: { credentialId: response.id } });
  if (!passkey || (binding.userId && passkey.userId !== binding.userId)) return null;
  const { rpID, origin } = relyingParty();
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge!,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: true,
      credential: { id: passkey.credentialId, publicKey: Buffer.from(passkey.publicKey, "base64url"), counter: passkey.counter, transports: transportsOf(passkey.transports) },
    });
  } catch (error) {
    if (error instanceof Error && error.message.includes("counter")) {
      const owner = await db.$transaction(async (tx) => {
        await recordAuditEvent(tx, { action: "passkey.counter_suspicious", userId: passkey.userId, context, metadata: { passkeyId: passkey.id } });
        return tx.user.findUnique({ where: { id: passkey.userId }, select: { email: true } });
      });
      if (owner) await sendNotice(emails.passkeyCounterSuspicious(owner.email, passkey.name));
    }
    return null;
  }
  if (!verification.verified) return null;
  // Only a counter that still equals the stored one may move: two racing uses can't both win.
  const { count } = await db.passkey.updateMany({
    where: { id: passkey.id, counter: passkey.counter },
    data: {
      // The column is a signed 32-bit integer on PostgreSQL; counters beyond it are held at
      // its maximum, which still only ever grows.
      counter: Math.min(verification.authenticationInfo.newCounter, MAX_STORED_COUNTER),
      lastUsedAt: new Date(),
      backedUp: verification.authenticationInfo.credentialBackedUp,
    },
  });
  if (count !== 1) return null;
  await db.$transaction((tx) => recordAuditEvent(tx, { action: "passkey.used", userId: passkey.userId, context, metadata: { passkeyId: passkey.id, purpose } }));
  return { userId: passkey.userId, passkeyId: passkey.id };
}

import "server-only";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import { requireVerifiedEmail } from "@/lib/account/require-verified-email";
import type { ActiveSession } from "@/lib/auth/sessions";
import { requireStepUp } from "@/lib/auth/step-up";
import { db } from "@/lib/db/client";
import { serializableTransaction } from "@/lib/db/serializable-transaction";
import { sendNotice } from "@/lib/email/send-email";
import { emails } from "@/lib/email/templates";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { limit } from "@/lib/rate-limit/limit";
import { describeDevice } from "@/lib/sessions/describe-device";
import { challengeOf, consumeChallenge, storeChallenge, type ChallengeBinding, type ChallengePurpose } from "./challenges";
import { RP_NAME, relyingParty } from "./relying-party";
import { authenticationResponseSchema, registrationResponseSchema } from "./schemas";

// Options chosen for every ceremony (docs/decisions/0008-passkeys.md): no attestation
// (privacy; Latchkey does not restrict authenticator models), user verification required
// (a passkey sign-in counts as two factors), resident keys required (sign-in without typing
// an email).
const USER_VERIFICATION = "required" as const;
const MAX_STORED_COUNTER = 2_147_483_647;

function transportsOf(value: string): AuthenticatorTransport[] {
  return value ? (value.split(",") as AuthenticatorTransport[]) : [];
}

export async function listPasskeys(userId: string) {
  return db.passkey.findMany({
    where: { userId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, backedUp: true, deviceType: true },
  });
}

/**
 * Every challenge handed out is a row: counted per IP address, and per account when the
 * ceremony names one, so a script cannot fill the table or keep an account's prompts busy.
 */
async function limitPasskeyOptions(userId: string | undefined, context: RequestContext): Promise<void> {
  if (context.ipAddress) await limit("passkey-options:ip", context.ipAddress);
  if (userId) await limit("passkey-options:user", userId);
}

/**
 * Options for adding a passkey; needs a verified address and a step-up. The authenticators
 * already added are excluded.
 */
export async function startPasskeyRegistration(session: ActiveSession, context: RequestContext): Promise<PublicKeyCredentialCreationOptionsJSON> {
  requireVerifiedEmail(session, "passkey");
  requireStepUp(session);
  await limitPasskeyOptions(session.user.id, context);
  const { rpID } = relyingParty();
  const existing = await db.passkey.findMany({ where: { userId: session.user.id }, select: { credentialId: true, transports: true } });
  const options = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID,
    userName: session.user.email,
    userDisplayName: `${session.user.firstName} ${session.user.lastName}`,
    userID: new TextEncoder().encode(session.user.id),
    attestationType: "none",
    excludeCredentials: existing.map((passkey) => ({ id: passkey.credentialId, transports: transportsOf(passkey.transports) })),
    authenticatorSelection: { residentKey: "required", userVerification: USER_VERIFICATION },
  });
  await storeChallenge(options.challenge, "registration", { userId: session.user.id, sessionId: session.sessionId });
  return options;
}

/** Checks the browser's answer to the registration options; `body` is parsed JSON of any shape. */
export async function finishPasskeyRegistration(
  session: ActiveSession,
  body: unknown,
  requestedName: string,
  context: RequestContext,
): Promise<{ id: string; name: string }> {
  requireVerifiedEmail(session, "passkey");
  requireStepUp(session);
  const refused = new AppError("INVALID_INPUT", "That passkey couldn't be added. Try again.");
  const parsed = registrationResponseSchema.safeParse(body);
  if (!parsed.success) throw refused;
  const response = parsed.data;
  const challenge = challengeOf(response.response.clientDataJSON);
  if (!(await consumeChallenge(challenge, "registration", { userId: session.user.id, sessionId: session.sessionId }))) throw refused;
  const { rpID, origin } = relyingParty();
  const verification = await verifyRegistrationResponse({
    response,
    expectedChallenge: challenge!,
    expectedOrigin: origin,
    expectedRPID: rpID,
    requireUserVerification: true,
  }).catch(() => null);
  if (!verification?.verified) throw refused;
  const { credential, credentialDeviceType, credentialBackedUp, aaguid } = verification.registrationInfo;
  const alreadyAdded = new AppError("CONFLICT", "This passkey is already added to an account.");
  if (await db.passkey.count({ where: { credentialId: credential.id } })) throw alreadyAdded;
  const name = requestedName || describeDevice(context.userAgent).summary;
  const passkey = await db.$transaction(async (tx) => {
    const created = await tx.passkey.create({
      data: {
        userId: session.user.id,
        credentialId: credential.id,
        publicKey: Buffer.from(credential.publicKey).toString("base64url"),
        counter: Math.min(credential.counter, MAX_STORED_COUNTER),
        transports: (credential.transports ?? []).join(","),
        deviceType: credentialDeviceType,
        backedUp: credentialBackedUp,
        aaguid,
        name,
      },
      select: { id: true, name: true },
    });
    await recordAuditEvent(tx, { action: "passkey.added", userId: session.user.id, context, metadata: { passkeyId: created.id } });
    return created;
  })
    // The same credential added by another request at the same moment: the unique index decides.
    .catch((error: unknown) => {
      if (typeof error === "object" && error !== null && "code" in error && error.code === "P2002") throw alreadyAdded;
      throw error;
    });
  await sendNotice(emails.passkeyAdded(session.user.email, name));
  return passkey;
}

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

export async function renamePasskey(session: ActiveSession, passkeyId: string, name: string, context: RequestContext): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.passkey.updateMany({ where: { id: passkeyId, userId: session.user.id }, data: { name } });
    if (count !== 1) throw new AppError("NOT_FOUND", "That passkey doesn't exist any more.");
    await recordAuditEvent(tx, { action: "passkey.renamed", userId: session.user.id, context, metadata: { passkeyId } });
  });
}

/** Deleting the last way to sign in is refused: a password or another passkey must remain. */
export async function deletePasskey(session: ActiveSession, passkeyId: string, context: RequestContext): Promise<void> {
  requireStepUp(session);
  // Serializable, retried on a conflict: a parallel delete or password removal is seen and
  // the last way to sign in stays (the loser gets the CONFLICT message, never a 500).
  await serializableTransaction(async (tx) => {
    const passkey = await tx.passkey.findFirst({ where: { id: passkeyId, userId: session.user.id }, select: { id: true } });
    if (!passkey) throw new AppError("NOT_FOUND", "That passkey doesn't exist any more.");
    const [user, passkeys] = await Promise.all([
      tx.user.findUniqueOrThrow({ where: { id: session.user.id }, select: { passwordHash: true } }),
      tx.passkey.count({ where: { userId: session.user.id } }),
    ]);
    if (!user.passwordHash && passkeys <= 1) {
      throw new AppError("CONFLICT", "This is your only way to sign in. Set a password or add another passkey before you delete it.");
    }
    await tx.passkey.delete({ where: { id: passkey.id } });
    await recordAuditEvent(tx, { action: "passkey.deleted", userId: session.user.id, context, metadata: { passkeyId } });
  });
}

/** Makes the account password-less; it needs a passkey to sign in from then on. */
export async function removePassword(session: ActiveSession, context: RequestContext): Promise<void> {
  requireStepUp(session);
  await serializableTransaction(async (tx) => {
    if ((await tx.passkey.count({ where: { userId: session.user.id } })) === 0) {
      throw new AppError("CONFLICT", "Add a passkey first: without a password, you sign in with a passkey.");
    }
    await tx.user.update({ where: { id: session.user.id }, data: { passwordHash: null, passwordChangedAt: new Date() } });
    await recordAuditEvent(tx, { action: "user.password_removed", userId: session.user.id, context });
  });
}

export async function hasPasskey(userId: string): Promise<boolean> {
  return (await db.passkey.count({ where: { userId } })) > 0;
}

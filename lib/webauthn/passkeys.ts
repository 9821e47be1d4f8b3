import "server-only";
import { generateRegistrationOptions, verifyRegistrationResponse, type PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
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
import { describeDevice } from "@/lib/sessions/describe-device";
import { MAX_STORED_COUNTER, USER_VERIFICATION, limitPasskeyOptions, transportsOf } from "./ceremony";
import { challengeOf, consumeChallenge, storeChallenge } from "./challenges";
import { RP_NAME, relyingParty } from "./relying-party";
import { registrationResponseSchema } from "./schemas";
import { isUniqueViolation } from "@/lib/db/unique-violation";

export async function listPasskeys(userId: string) {
  return db.passkey.findMany({
    where: { userId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, backedUp: true, deviceType: true },
  });
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
export async function finishPasskeyRegistration(session: ActiveSession, body: unknown, requestedName: string, context: RequestContext): Promise<{ id: string; name: string }> {
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
  const passkey = await db
    .$transaction(async (tx) => {
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
      if (isUniqueViolation(error)) throw alreadyAdded;
      throw error;
    });
  await sendNotice(emails.passkeyAdded(session.user.email, name));
  return passkey;
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

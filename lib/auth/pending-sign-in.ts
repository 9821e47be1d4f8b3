import "server-only";
import { generateToken, hashToken } from "@/lib/crypto/tokens";
import { db, type Tx } from "@/lib/db/client";
import type { RequestContext } from "@/lib/http/request-context";

/** The half-signed-in state between password and second factor lasts this long. */
export const PENDING_SIGN_IN_TTL_MS = 5 * 60 * 1000;
/** Wrong codes one pending sign-in may take before it is thrown away. */
export const PENDING_SIGN_IN_MAX_FAILURES = 5;

export async function createPendingSignIn(tx: Tx, userId: string, context: RequestContext): Promise<string> {
  const token = generateToken();
  // One pending sign-in per user at a time: an older one stops working.
  await tx.pendingSignIn.deleteMany({ where: { userId } });
  await tx.pendingSignIn.create({
    data: { tokenHash: hashToken(token), userId, ipAddress: context.ipAddress, userAgent: context.userAgent, expiresAt: new Date(Date.now() + PENDING_SIGN_IN_TTL_MS) },
  });
  return token;
}

/** The live pending sign-in a token names, or null (unknown, expired or used up). */
export async function findPendingSignIn(token: string, now = new Date()) {
  const pending = await db.pendingSignIn.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, userId: true, expiresAt: true, failedAttempts: true },
  });
  if (!pending || pending.expiresAt <= now || pending.failedAttempts >= PENDING_SIGN_IN_MAX_FAILURES) return null;
  return pending;
}

import "server-only";
import { generateToken, hashToken } from "@/lib/crypto/tokens";
import { db, type Tx } from "@/lib/db/client";

export type EmailTokenPurpose = "verify_email" | "change_email" | "reset_password";

export const EMAIL_TOKEN_TTL_MS: Record<EmailTokenPurpose, number> = {
  verify_email: 24 * 60 * 60 * 1000,
  change_email: 24 * 60 * 60 * 1000,
  reset_password: 60 * 60 * 1000,
};

/** Issues a single-use link token; any earlier unused token of the same purpose stops working. */
export async function issueEmailToken(tx: Tx, userId: string, purpose: EmailTokenPurpose, email: string): Promise<string> {
  const token = generateToken();
  await tx.emailToken.deleteMany({ where: { userId, purpose } });
  await tx.emailToken.create({
    data: { userId, purpose, email, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + EMAIL_TOKEN_TTL_MS[purpose]) },
  });
  return token;
}

type LiveToken = { id: string; userId: string; email: string };

/** The live token for a link, without using it (to show the page behind the link). */
export async function findEmailToken(purpose: EmailTokenPurpose, token: string, now = new Date(), client: Tx = db): Promise<LiveToken | null> {
  if (token.length > 200) return null;
  const row = await client.emailToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, userId: true, email: true, purpose: true, expiresAt: true, usedAt: true },
  });
  if (!row || row.purpose !== purpose || row.usedAt || row.expiresAt <= now) return null;
  return { id: row.id, userId: row.userId, email: row.email };
}

/** Uses a token once, inside the caller's transaction: of two parallel uses only one succeeds. */
export async function consumeEmailToken(tx: Tx, purpose: EmailTokenPurpose, token: string, now = new Date()): Promise<LiveToken | null> {
  const live = await findEmailToken(purpose, token, now, tx);
  if (!live) return null;
  const { count } = await tx.emailToken.updateMany({ where: { id: live.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  return count === 1 ? live : null;
}

/** Kills outstanding links whose meaning depends on the current credentials. */
export async function revokeCredentialBoundTokens(tx: Tx, userId: string): Promise<void> {
  await tx.emailToken.deleteMany({ where: { userId, purpose: { in: ["change_email", "reset_password"] }, usedAt: null } });
}

/**
 * Kills every outstanding link of the account: after an email change, a link mailed to the
 * old address (a reset, a verification) must not act for the account any more.
 */
export async function revokeAllEmailTokens(tx: Tx, userId: string): Promise<void> {
  await tx.emailToken.deleteMany({ where: { userId, usedAt: null } });
}

import "server-only";
import { db } from "@/lib/db/client";

/** A WebAuthn ceremony must finish within this time. */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;

export type ChallengePurpose = "registration" | "sign_in" | "second_factor" | "step_up";
export type ChallengeBinding = { userId?: string; sessionId?: string; pendingSignInId?: string };

export async function storeChallenge(challenge: string, purpose: ChallengePurpose, binding: ChallengeBinding): Promise<void> {
  // Expired challenges of anyone are cleared on the way: they can never be used anyway.
  await db.webAuthnChallenge.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  await db.webAuthnChallenge.create({ data: { challenge, purpose, ...binding, expiresAt: new Date(Date.now() + CHALLENGE_TTL_MS) } });
}

/** The challenge the browser signed, read from its clientDataJSON (null when unreadable). */
export function challengeOf(clientDataJSON: unknown): string | null {
  if (typeof clientDataJSON !== "string" || clientDataJSON.length > 4096) return null;
  try {
    const data = JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8")) as { challenge?: unknown };
    return typeof data.challenge === "string" ? data.challenge : null;
  } catch {
    return null;
  }
}

/**
 * Uses a challenge once: it must have been issued for this purpose and this user, session or
 * pending sign-in, and not have expired. Of two parallel uses only one gets it.
 */
export async function consumeChallenge(challenge: string | null, purpose: ChallengePurpose, binding: ChallengeBinding): Promise<boolean> {
  if (!challenge) return false;
  const { count } = await db.webAuthnChallenge.deleteMany({
    where: {
      challenge,
      purpose,
      expiresAt: { gt: new Date() },
      ...(binding.userId ? { userId: binding.userId } : {}),
      ...(binding.sessionId ? { sessionId: binding.sessionId } : {}),
      ...(binding.pendingSignInId ? { pendingSignInId: binding.pendingSignInId } : {}),
    },
  });
  return count === 1;
}

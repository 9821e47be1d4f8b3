import "server-only";
import { db } from "@/lib/db/client";
import type { RequestContext } from "@/lib/http/request-context";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { metrics } from "@/lib/operations/metrics.mjs";
import { limit } from "@/lib/rate-limit/limit";
import { parseJson } from "@/lib/validation/parse-json";
import { verifyPasskeyAssertion } from "@/lib/webauthn/authentication";
import { SignInPausedError, beginFactorAttempt, recordFailedFactor } from "./lockout";
import { openSession } from "./open-session";
import { verifyPassword } from "./password";
import { createPendingSignIn } from "./pending-sign-in";

type Credentials = { email: string; password: string };

export type PasswordSignInResult = { kind: "session"; userId: string; sessionToken: string } | { kind: "second_factor"; pendingToken: string } | null;

/**
 * Checks an email and password. Unknown email and wrong password answer null after the
 * same work (a dummy argon2id verification for unknown emails), so nothing tells them
 * apart. A locked counter throws SignInPausedError, for an account and for an unknown
 * address alike (each locks after the same number of attempts). Accounts with two-factor
 * authentication get a pending sign-in instead of a session. Throws RateLimitedError when
 * this IP made too many attempts.
 */
export async function authenticateWithPassword({ email, password }: Credentials, context: RequestContext): Promise<PasswordSignInResult> {
  if (context.ipAddress) await limit("sign-in:ip", context.ipAddress);
  const user = await db.user.findUnique({ where: { email }, select: { id: true, passwordHash: true, totpEnabledAt: true } });
  // Unknown emails are counted under a key of their own, so both answers do the same work.
  const attempt = await beginFactorAttempt(user?.id ?? `unknown:${email}`);
  const valid = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !valid || attempt.locked) {
    await db.$transaction((tx) =>
      recordAuditEvent(tx, {
        action: "user.sign_in_failed",
        userId: user?.id ?? null,
        context,
        metadata: { method: "password", ...(attempt.locked && user ? { reason: "locked" } : {}) },
      }),
    );
    if (user) await recordFailedFactor(user.id, attempt, context);
    metrics.signIns.inc({ method: "password", outcome: attempt.locked ? "locked" : "failure" });
    if (attempt.locked) throw new SignInPausedError(attempt.retryAfterSeconds);
    return null;
  }
  if (user.totpEnabledAt) {
    const pendingToken = await db.$transaction((tx) => createPendingSignIn(tx, user.id, context));
    metrics.signIns.inc({ method: "password", outcome: "second_factor_required" });
    return { kind: "second_factor", pendingToken };
  }
  const sessionToken = await openSession(user.id, "password", context);
  metrics.signIns.inc({ method: "password", outcome: "success" });
  return { kind: "session", userId: user.id, sessionToken };
}

/** Signs in with a discoverable passkey: no email typed, and no second step after it. */
export async function authenticateWithPasskey(responseJson: string, context: RequestContext): Promise<{ userId: string; sessionToken: string } | null> {
  if (context.ipAddress) await limit("sign-in:ip", context.ipAddress);
  const response = parseJson(responseJson);
  const verified = response ? await verifyPasskeyAssertion(response, "sign_in", {}, context) : null;
  if (!verified) {
    await db.$transaction((tx) => recordAuditEvent(tx, { action: "user.sign_in_failed", userId: null, context, metadata: { method: "passkey" } }));
    metrics.signIns.inc({ method: "passkey", outcome: "failure" });
    return null;
  }
  const sessionToken = await openSession(verified.userId, "passkey", context);
  metrics.signIns.inc({ method: "passkey", outcome: "success" });
  return { userId: verified.userId, sessionToken };
}

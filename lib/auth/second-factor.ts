import "server-only";
import { decryptSecret } from "@/lib/crypto/encryption";
import { db } from "@/lib/db/client";
import { emails } from "@/lib/email/templates";
import { sendNotice } from "@/lib/email/send-email";
import type { RequestContext } from "@/lib/http/request-context";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { limit } from "@/lib/rate-limit/limit";
import { countUnusedRecoveryCodes, findUnusedRecoveryCode, markRecoveryCodeUsed } from "@/lib/totp/recovery-codes";
import { checkTotpCode } from "@/lib/totp/totp";
import { verifyPasskeyAssertion } from "@/lib/webauthn/authentication";
import { parseJson } from "@/lib/validation/parse-json";
import { openSession } from "./open-session";
import { metrics } from "@/lib/operations/metrics.mjs";
import { beginFactorAttempt, recordFailedFactor } from "./lockout";
import { findPendingSignIn } from "./pending-sign-in";

export type SecondFactorMethod = "totp" | "recovery_code" | "passkey";

export function totpAssociatedData(userId: string): string {
  return `totp:${userId}`;
}

/**
 * Checks a TOTP code for a user with two-factor authentication on, and records its time
 * step so the same code (or an older one) never works again. Of two parallel uses of one
 * code, exactly one passes: the step is only written while it is still newer.
 */
export async function verifyUserTotp(userId: string, code: string): Promise<"valid" | "invalid" | "replayed"> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { totpSecretCiphertext: true, totpLastUsedStep: true } });
  if (!user?.totpSecretCiphertext) return "invalid";
  const secret = decryptSecret(user.totpSecretCiphertext, totpAssociatedData(userId));
  const check = await checkTotpCode({ secret, code, lastUsedStep: user.totpLastUsedStep });
  if (!check.valid) return check.replayed ? "replayed" : "invalid";
  const { count } = await db.user.updateMany({
    where: { id: userId, OR: [{ totpLastUsedStep: null }, { totpLastUsedStep: { lt: check.timeStep } }] },
    data: { totpLastUsedStep: check.timeStep },
  });
  return count === 1 ? "valid" : "replayed";
}

const SIGN_IN_METHODS = { totp: "password+totp", recovery_code: "password+recovery_code", passkey: "password+passkey" } as const;

type SecondFactorCheck = { outcome: "valid" | "invalid" | "replayed"; recoveryCodeId?: string };

/** A recovery code is only found here; it is marked used in the transaction that opens the session. */
async function checkSecondFactor(userId: string, pendingSignInId: string, method: SecondFactorMethod, code: string, context: RequestContext): Promise<SecondFactorCheck> {
  if (method === "totp") return { outcome: await verifyUserTotp(userId, code) };
  if (method === "recovery_code") {
    const recoveryCodeId = await findUnusedRecoveryCode(userId, code);
    return recoveryCodeId ? { outcome: "valid", recoveryCodeId } : { outcome: "invalid" };
  }
  const response = parseJson(code);
  const verified = response ? await verifyPasskeyAssertion(response, "second_factor", { userId, pendingSignInId }, context) : null;
  return { outcome: verified ? "valid" : "invalid" };
}

/** Another request used the pending sign-in or the recovery code first: this one opens nothing. */
class SignInRaceLost extends Error {
  constructor(readonly reason: "expired" | "invalid") {
    super(`Sign-in race lost (${reason})`);
  }
}

export type SecondFactorResult = { ok: true; userId: string; sessionToken: string } | { ok: false; reason: "expired" | "invalid" };

/**
 * The second step of signing in. The pending sign-in is bound to one user, single use,
 * short-lived and dropped after a few wrong codes; only when it passes does a session exist.
 */
export async function completeSecondFactor(
  { pendingToken, method, code }: { pendingToken: string; method: SecondFactorMethod; code: string },
  context: RequestContext,
): Promise<SecondFactorResult> {
  const pending = await findPendingSignIn(pendingToken);
  if (!pending) return { ok: false, reason: "expired" };
  await limit("second-factor:pending", pending.id);
  const { userId } = pending;

  const attempt = await beginFactorAttempt(userId);
  const { outcome, recoveryCodeId } = attempt.locked ? { outcome: "invalid" as const } : await checkSecondFactor(userId, pending.id, method, code, context);

  if (outcome !== "valid") {
    await db.$transaction(async (tx) => {
      await tx.pendingSignIn.updateMany({ where: { id: pending.id }, data: { failedAttempts: { increment: 1 } } });
      await recordAuditEvent(tx, {
        action: outcome === "replayed" ? "two_factor.code_reused" : "two_factor.code_failed",
        userId,
        context,
        metadata: { method, step: "sign_in" },
      });
    });
    await recordFailedFactor(userId, attempt, context);
    metrics.signIns.inc({ method, outcome: attempt.locked ? "locked" : "failure" });
    return { ok: false, reason: "invalid" };
  }

  let sessionToken: string;
  try {
    sessionToken = await openSession(userId, SIGN_IN_METHODS[method], context, async (tx) => {
      // Single use: of two requests racing with one pending sign-in, only one deletes it.
      const { count } = await tx.pendingSignIn.deleteMany({ where: { id: pending.id } });
      if (count !== 1) throw new SignInRaceLost("expired");
      if (recoveryCodeId) {
        if (!(await markRecoveryCodeUsed(tx, recoveryCodeId))) throw new SignInRaceLost("invalid");
        await recordAuditEvent(tx, { action: "recovery_code.used", userId, context });
      }
    });
  } catch (error) {
    if (error instanceof SignInRaceLost) {
      metrics.signIns.inc({ method, outcome: "failure" });
      return { ok: false, reason: error.reason };
    }
    throw error;
  }
  metrics.signIns.inc({ method, outcome: "success" });
  if (method === "recovery_code") {
    const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
    await sendNotice(emails.recoveryCodeUsed(user.email, await countUnusedRecoveryCodes(userId)));
  }
  return { ok: true, userId, sessionToken };
}

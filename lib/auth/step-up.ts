import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { limit } from "@/lib/rate-limit/limit";
import { beginFactorAttempt, clearFailedFactors, recordFailedFactor } from "./lockout";
import { verifyPassword } from "./password";
import { verifyPasskeyAssertion } from "@/lib/webauthn/authentication";
import { parseJson } from "@/lib/validation/parse-json";
import { verifyUserTotp } from "./second-factor";
import type { ActiveSession } from "./sessions";

/** How long a step-up ("sudo mode") lasts. */
export const STEP_UP_MAX_AGE_MS = 10 * 60 * 1000;

export function stepUpExpiresAt(session: Pick<ActiveSession, "stepUpAt">): Date | null {
  if (!session.stepUpAt) return null;
  const expiresAt = new Date(session.stepUpAt.getTime() + STEP_UP_MAX_AGE_MS);
  return expiresAt > new Date() ? expiresAt : null;
}

/**
 * Sensitive actions call this first. It reads the step-up time stored on the server-side
 * session, so it cannot be faked by the browser and dies with the session. With
 * `secondFactor`, only a step-up made with a second factor counts.
 */
export function requireStepUp(session: ActiveSession, { secondFactor = false }: { secondFactor?: boolean } = {}): void {
  const fresh = stepUpExpiresAt(session) !== null;
  if (!fresh || (secondFactor && !session.stepUpSecondFactor)) {
    throw new AppError("STEP_UP_REQUIRED", secondFactor ? "Confirm it's you with your authenticator app to continue." : "Confirm it's you to continue.");
  }
}

export type StepUpInput = { method: "password"; password: string } | { method: "totp"; code: string } | { method: "passkey"; response: string };

/**
 * Re-authenticates the person in this session: with the TOTP code when two-factor
 * authentication is on, else with the password; or with a passkey. Every attempt counts
 * toward the account lockout until one succeeds.
 */
export async function stepUp(session: ActiveSession, input: StepUpInput, context: RequestContext): Promise<void> {
  await limit("step-up:session", session.sessionId);
  const userId = session.user.id;
  const attempt = await beginFactorAttempt(userId);
  const locked = attempt.locked;
  let valid = false;
  let replayed = false;
  if (!locked && input.method === "totp" && session.user.totpEnabled) {
    const outcome = await verifyUserTotp(userId, input.code);
    valid = outcome === "valid";
    replayed = outcome === "replayed";
  } else if (!locked && input.method === "passkey") {
    const response = parseJson(input.response);
    valid = response !== null && (await verifyPasskeyAssertion(response, "step_up", { userId, sessionId: session.sessionId }, context)) !== null;
  } else if (!locked && input.method === "password" && !session.user.totpEnabled) {
    const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
    valid = await verifyPassword(user.passwordHash, input.password);
  }
  if (!valid) {
    await db.$transaction((tx) => recordAuditEvent(tx, { action: "session.step_up_failed", userId, context, metadata: { method: input.method } }));
    await recordFailedFactor(userId, attempt, context);
    // The person is already signed in here, so saying a code was used before leaks nothing.
    const codeMessage = replayed ? "That code was already used. Wait for the next one from your app." : "That code didn't work.";
    throw new AppError(
      "UNAUTHENTICATED",
      input.method === "totp"
        ? `${codeMessage} Enter the current code from your authenticator app.`
        : input.method === "passkey"
          ? "That passkey didn't work. Try again, or use another way to confirm."
          : "That password isn't right. Try again.",
      input.method === "totp" ? { code: [codeMessage] } : input.method === "password" ? { password: ["That password isn't right."] } : undefined,
    );
  }
  await clearFailedFactors(userId);
  await db.$transaction(async (tx) => {
    // A passkey with user verification is itself two factors.
    await tx.session.update({ where: { id: session.sessionId }, data: { stepUpAt: new Date(), stepUpSecondFactor: input.method !== "password" } });
    await recordAuditEvent(tx, { action: "session.stepped_up", userId, context, metadata: { method: input.method } });
  });
}

/** "End now": drops the elevation of this session. */
export async function endStepUp(sessionId: string): Promise<void> {
  await db.session.updateMany({ where: { id: sessionId }, data: { stepUpAt: null, stepUpSecondFactor: false } });
}

import "server-only";
import type { ActiveSession } from "@/lib/auth/sessions";
import { AppError } from "@/lib/errors";

export type NewCredential = "passkey" | "authenticator_app";

const CREDENTIAL_WORDS: Record<NewCredential, string> = { passkey: "a passkey", authenticator_app: "an authenticator app" };

/**
 * Sign-in methods can be added only once the address is verified. Anyone can sign up with
 * someone else's address; a passkey or TOTP secret planted then would outlive the real owner's
 * password reset and keep the account open to whoever planted it (pre-registration takeover,
 * docs/decisions/0010-verified-email-before-new-sign-in-methods.md).
 */
export function requireVerifiedEmail(session: ActiveSession, credential: NewCredential): void {
  if (session.user.emailVerified) return;
  throw new AppError("FORBIDDEN", `Verify your email address before you add ${CREDENTIAL_WORDS[credential]}: open the link we sent to ${session.user.email}, or send a new one.`);
}

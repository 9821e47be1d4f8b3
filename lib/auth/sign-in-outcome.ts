import "server-only";
import { AuthError, CredentialsSignin } from "next-auth";
import { RateLimitedError } from "@/lib/rate-limit/limit";
import { SignInPausedError } from "./lockout";

export type SignInFailure =
  { kind: "invalid" } | { kind: "second_factor_required" } | { kind: "pending_expired" } | { kind: "rate_limited"; error: RateLimitedError | SignInPausedError };

/**
 * What a failed Auth.js `signIn` meant. Anything else (a database outage, a secret that no
 * longer decrypts after an ENCRYPTION_KEY change) is thrown again, unwrapped from Auth.js's
 * CallbackRouteError, so it reaches the error page with a digest instead of reading as a
 * wrong password.
 */
export function signInFailureOf(error: unknown): SignInFailure {
  if (error instanceof CredentialsSignin) {
    if (error.code === "second_factor_required") return { kind: "second_factor_required" };
    if (error.code === "pending_sign_in_expired") return { kind: "pending_expired" };
    return { kind: "invalid" };
  }
  if (!(error instanceof AuthError)) throw error;
  // Errors thrown inside `authorize` arrive wrapped, with the original as `cause.err`.
  const cause = (error.cause as { err?: unknown } | undefined)?.err;
  if (cause instanceof RateLimitedError || cause instanceof SignInPausedError) return { kind: "rate_limited", error: cause };
  throw cause ?? error;
}

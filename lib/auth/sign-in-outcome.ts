import "server-only";
import { AuthError, CredentialsSignin } from "next-auth";
import { RateLimitedError } from "@/lib/rate-limit/limit";

export type SignInFailure =
  | { kind: "invalid" }
  | { kind: "second_factor_required" }
  | { kind: "pending_expired" }
  | { kind: "rate_limited"; error: RateLimitedError };

/** What a failed Auth.js `signIn` meant; null for an error that is not about signing in. */
export function signInFailureOf(error: unknown): SignInFailure | null {
  if (!(error instanceof AuthError)) return null;
  if (error instanceof CredentialsSignin) {
    if (error.code === "second_factor_required") return { kind: "second_factor_required" };
    if (error.code === "pending_sign_in_expired") return { kind: "pending_expired" };
    return { kind: "invalid" };
  }
  // Errors thrown inside `authorize` arrive wrapped, with the original as `cause.err`.
  const cause = (error.cause as { err?: unknown } | undefined)?.err;
  if (cause instanceof RateLimitedError) return { kind: "rate_limited", error: cause };
  return { kind: "invalid" };
}

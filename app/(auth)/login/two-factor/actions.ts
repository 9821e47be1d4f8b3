"use server";

import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth/config";
import { secondFactorSchema } from "@/lib/auth/schemas";
import { signInFailureOf } from "@/lib/auth/sign-in-outcome";
import { invalidInput, toActionError, type ActionResult } from "@/lib/errors";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { readPendingSignInCookie } from "@/lib/auth/pending-cookie";
import { findPendingSignIn } from "@/lib/auth/pending-sign-in";
import { assertSameOrigin, requestContext } from "@/lib/http/request-context";
import { startPasskeyAuthentication } from "@/lib/webauthn/passkeys";
import { safeRedirectPath } from "@/lib/http/safe-redirect";

export async function verifySecondFactorAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const next = safeRedirectPath(formData.get("next"));
  try {
    await assertSameOrigin();
  } catch (error) {
    return toActionError(error);
  }
  const parsed = secondFactorSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    await signIn("credentials", { ...parsed.data, redirect: false });
  } catch (error) {
    const failure = signInFailureOf(error);
    if (failure.kind === "pending_expired") redirect(`/login?${new URLSearchParams({ next, expired: "1" })}`);
    if (failure.kind === "rate_limited") return { ok: false, code: "RATE_LIMITED", message: failure.error.message };
    const field = {
      totp: "That code didn't work. Enter the current code from your app.",
      recovery_code: "That recovery code didn't work.",
      passkey: "That passkey didn't work. Try again, or enter a code.",
    }[parsed.data.secondFactorMethod];
    return { ok: false, code: "UNAUTHENTICATED", message: field, fieldErrors: { code: [field] } };
  }
  redirect(next);
}

/** Options for using a passkey instead of a code: only the pending user's passkeys, bound to this pending sign-in. */
export async function passkeySecondFactorOptionsAction(): Promise<ActionResult<PublicKeyCredentialRequestOptionsJSON>> {
  try {
    await assertSameOrigin();
    const token = await readPendingSignInCookie();
    const pending = token ? await findPendingSignIn(token) : null;
    if (!pending) return { ok: false, code: "NOT_FOUND", message: "This sign-in took too long. Start again." };
    return { ok: true, data: await startPasskeyAuthentication("second_factor", { userId: pending.userId, pendingSignInId: pending.id }, await requestContext()) };
  } catch (error) {
    return toActionError(error);
  }
}

"use server";

import { redirect } from "next/navigation";
import { signInSchema } from "@/lib/accounts/schemas";
import { signIn } from "@/lib/auth/config";
import { signInFailureOf } from "@/lib/auth/sign-in-outcome";
import { echoFields, invalidInput, toActionError, type ActionResult } from "@/lib/errors";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { assertSameOrigin, requestContext } from "@/lib/http/request-context";
import { startPasskeyAuthentication } from "@/lib/webauthn/passkeys";
import { safeRedirectPath } from "@/lib/http/safe-redirect";

/** The same answer for an unknown email and a wrong password (a locked counter says so, for both alike). */
const SIGN_IN_FAILED = "Email or password is incorrect.";

export async function signInAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const fields = echoFields(formData, ["email"]);
  const next = safeRedirectPath(formData.get("next"));
  try {
    await assertSameOrigin();
  } catch (error) {
    return toActionError(error);
  }
  const parsed = signInSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { ...invalidInput(parsed.error), fields };
  try {
    await signIn("credentials", { ...parsed.data, redirect: false });
  } catch (error) {
    const failure = signInFailureOf(error);
    if (failure.kind === "second_factor_required") redirect(`/login/two-factor?${new URLSearchParams({ next })}`);
    if (failure.kind === "rate_limited") return { ok: false, code: "RATE_LIMITED", message: failure.error.message, fields };
    return { ok: false, code: "UNAUTHENTICATED", message: SIGN_IN_FAILED, fields };
  }
  redirect(next);
}

/** Options for "Sign in with a passkey" and for passkey autofill on the Email field. */
export async function passkeySignInOptionsAction(): Promise<ActionResult<PublicKeyCredentialRequestOptionsJSON>> {
  try {
    await assertSameOrigin();
    return { ok: true, data: await startPasskeyAuthentication("sign_in", {}, await requestContext()) };
  } catch (error) {
    return toActionError(error);
  }
}

const PASSKEY_SIGN_IN_FAILED = "That passkey didn't sign you in. Try again, or sign in with your email and password.";

export async function passkeySignInAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const next = safeRedirectPath(formData.get("next"));
  const passkeyResponse = formData.get("passkeyResponse");
  try {
    await assertSameOrigin();
  } catch (error) {
    return toActionError(error);
  }
  if (typeof passkeyResponse !== "string" || passkeyResponse.length === 0) return { ok: false, code: "INVALID_INPUT", message: PASSKEY_SIGN_IN_FAILED };
  try {
    await signIn("credentials", { passkeyResponse, redirect: false });
  } catch (error) {
    const failure = signInFailureOf(error);
    if (failure.kind === "rate_limited") return { ok: false, code: "RATE_LIMITED", message: failure.error.message };
    return { ok: false, code: "UNAUTHENTICATED", message: PASSKEY_SIGN_IN_FAILED };
  }
  redirect(next);
}

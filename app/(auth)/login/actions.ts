"use server";

import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { z } from "zod";
import { publicAction } from "@/lib/actions/define-action";
import { signInSchema } from "@/lib/account/schemas";
import { signIn } from "@/lib/auth/config";
import { signInFailureOf } from "@/lib/auth/sign-in-outcome";
import { AppError } from "@/lib/errors";
import { safeRedirectPath } from "@/lib/http/safe-redirect";
import { startPasskeyAuthentication } from "@/lib/webauthn/authentication";

/** The same answer for an unknown email and a wrong password (a locked counter says so, for both alike). */
const SIGN_IN_FAILED = "Email or password is incorrect.";

/** Where to go after signing in: checked by safeRedirectPath, so any value is accepted here. */
const next = z.unknown().transform((value) => safeRedirectPath(value));

export const signInAction = publicAction({ schema: signInSchema.extend({ next }), echo: ["email"] }, async (input) => {
  try {
    await signIn("credentials", { email: input.email, password: input.password, redirect: false });
  } catch (error) {
    const failure = signInFailureOf(error);
    if (failure.kind === "second_factor_required") return { redirect: `/login/two-factor?${new URLSearchParams({ next: input.next })}` };
    if (failure.kind === "rate_limited") throw new AppError("RATE_LIMITED", failure.error.message);
    throw new AppError("UNAUTHENTICATED", SIGN_IN_FAILED);
  }
  return { redirect: input.next };
});

/** Options for "Sign in with a passkey" and for passkey autofill on the Email field. */
export const passkeySignInOptionsAction = publicAction<z.ZodObject, PublicKeyCredentialRequestOptionsJSON>({ schema: z.object({}) }, async (_input, { context }) => ({
  data: await startPasskeyAuthentication("sign_in", {}, context),
}));

const PASSKEY_SIGN_IN_FAILED = "That passkey didn't sign you in. Try again, or sign in with your email and password.";

const passkeySignInSchema = z.object({ passkeyResponse: z.string().min(1), next });

export const passkeySignInAction = publicAction(
  { schema: passkeySignInSchema, invalid: () => ({ ok: false, code: "INVALID_INPUT", message: PASSKEY_SIGN_IN_FAILED }) },
  async (input) => {
    try {
      await signIn("credentials", { passkeyResponse: input.passkeyResponse, redirect: false });
    } catch (error) {
      const failure = signInFailureOf(error);
      if (failure.kind === "rate_limited") throw new AppError("RATE_LIMITED", failure.error.message);
      throw new AppError("UNAUTHENTICATED", PASSKEY_SIGN_IN_FAILED);
    }
    return { redirect: input.next };
  },
);

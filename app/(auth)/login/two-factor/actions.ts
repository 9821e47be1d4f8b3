"use server";

import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { z } from "zod";
import { publicAction } from "@/lib/actions/define-action";
import { signIn } from "@/lib/auth/config";
import { readPendingSignInCookie } from "@/lib/auth/pending-cookie";
import { findPendingSignIn } from "@/lib/auth/pending-sign-in";
import { secondFactorSchema } from "@/lib/auth/schemas";
import { signInFailureOf } from "@/lib/auth/sign-in-outcome";
import { AppError } from "@/lib/errors";
import { safeRedirectPath } from "@/lib/http/safe-redirect";
import { startPasskeyAuthentication } from "@/lib/webauthn/authentication";

const CODE_REFUSED = {
  totp: "That code didn't work. Enter the current code from your app.",
  recovery_code: "That recovery code didn't work.",
  passkey: "That passkey didn't work. Try again, or enter a code.",
} as const;

const verifySchema = secondFactorSchema.extend({ next: z.unknown().transform((value) => safeRedirectPath(value)) });

export const verifySecondFactorAction = publicAction({ schema: verifySchema }, async ({ next, ...input }) => {
  try {
    await signIn("credentials", { secondFactorMethod: input.secondFactorMethod, code: input.code, redirect: false });
  } catch (error) {
    const failure = signInFailureOf(error);
    if (failure.kind === "pending_expired") return { redirect: `/login?${new URLSearchParams({ next, expired: "1" })}` };
    if (failure.kind === "rate_limited") throw new AppError("RATE_LIMITED", failure.error.message);
    const message = CODE_REFUSED[input.secondFactorMethod];
    throw new AppError("UNAUTHENTICATED", message, { code: [message] });
  }
  return { redirect: next };
});

/** Options for using a passkey instead of a code: only the pending user's passkeys, bound to this pending sign-in. */
export const passkeySecondFactorOptionsAction = publicAction<z.ZodObject, PublicKeyCredentialRequestOptionsJSON>({ schema: z.object({}) }, async (_input, { context }) => {
  const token = await readPendingSignInCookie();
  const pending = token ? await findPendingSignIn(token) : null;
  if (!pending) throw new AppError("NOT_FOUND", "This sign-in took too long. Start again.");
  return { data: await startPasskeyAuthentication("second_factor", { userId: pending.userId, pendingSignInId: pending.id }, context) };
});

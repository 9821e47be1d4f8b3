"use server";

import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth/config";
import { secondFactorSchema } from "@/lib/auth/schemas";
import { signInFailureOf } from "@/lib/auth/sign-in-outcome";
import { invalidInput, toActionError, type ActionResult } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/request-context";
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
    if (!failure) throw error;
    if (failure.kind === "pending_expired") redirect(`/login?${new URLSearchParams({ next, expired: "1" })}`);
    if (failure.kind === "rate_limited") return { ok: false, code: "RATE_LIMITED", message: failure.error.message };
    const field = parsed.data.secondFactorMethod === "totp" ? "That code didn't work. Enter the current code from your app." : "That recovery code didn't work.";
    return { ok: false, code: "UNAUTHENTICATED", message: field, fieldErrors: { code: [field] } };
  }
  redirect(next);
}

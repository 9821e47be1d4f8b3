"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { signInSchema } from "@/lib/accounts/schemas";
import { signIn } from "@/lib/auth/config";
import { echoFields, invalidInput, toActionError, type ActionResult } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/request-context";
import { safeRedirectPath } from "@/lib/http/safe-redirect";

/** The same answer for an unknown email and a wrong password. */
const SIGN_IN_FAILED = "Email or password is incorrect.";

export async function signInAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const fields = echoFields(formData, ["email"]);
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
    if (error instanceof AuthError) return { ok: false, code: "UNAUTHENTICATED", message: SIGN_IN_FAILED, fields };
    throw error;
  }
  redirect(safeRedirectPath(formData.get("next")));
}

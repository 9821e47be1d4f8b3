"use server";

import { redirect } from "next/navigation";
import { createAccount } from "@/lib/accounts/create-account";
import { signUpSchema } from "@/lib/accounts/schemas";
import { signIn } from "@/lib/auth/config";
import { getConfig } from "@/lib/config/env";
import { AppError, echoFields, invalidInput, toActionError, type ActionResult } from "@/lib/errors";
import { assertSameOrigin, requestContext } from "@/lib/http/request-context";
import { limit } from "@/lib/rate-limit/limit";
import { DEFAULT_AFTER_SIGN_IN } from "@/lib/http/safe-redirect";

const ECHOED = ["firstName", "lastName", "email", "organizationName"] as const;

export async function signUpAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const fields = echoFields(formData, ECHOED);
  try {
    await assertSameOrigin();
    const parsed = signUpSchema(getConfig().PASSWORD_POLICY).safeParse(Object.fromEntries(formData));
    if (!parsed.success) return { ...invalidInput(parsed.error), fields };
    const context = await requestContext();
    if (context.ipAddress) await limit("sign-up:ip", context.ipAddress);
    await createAccount(parsed.data, context);
    await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirect: false });
  } catch (error) {
    if (error instanceof AppError && error.code === "CONFLICT") {
      // See docs/decisions/0003-sign-up-and-existing-emails.md.
      return {
        ok: false,
        code: "CONFLICT",
        message: "We couldn't create an account with this email. If you already have one, sign in instead.",
        fieldErrors: { email: ["Use another email, or sign in."] },
        fields,
      };
    }
    return { ...toActionError(error), fields };
  }
  redirect(DEFAULT_AFTER_SIGN_IN);
}

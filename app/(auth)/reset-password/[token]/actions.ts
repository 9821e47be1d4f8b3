"use server";

import { redirect } from "next/navigation";
import { resetPasswordSchema } from "@/lib/accounts/schemas";
import { resetPassword } from "@/lib/accounts/reset-password";
import { getConfig } from "@/lib/config/env";
import { invalidInput, toActionError, type ActionResult } from "@/lib/errors";
import { assertSameOrigin, requestContext } from "@/lib/http/request-context";

export async function resetPasswordAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    await assertSameOrigin();
    const parsed = resetPasswordSchema(getConfig().PASSWORD_POLICY).safeParse(Object.fromEntries(formData));
    if (!parsed.success) return invalidInput(parsed.error);
    await resetPassword(parsed.data.token, parsed.data.password, await requestContext());
  } catch (error) {
    return toActionError(error);
  }
  // No automatic sign-in: the new password (and any second factor) is asked for.
  redirect("/login?reset=1");
}

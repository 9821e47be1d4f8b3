"use server";

import { forgotPasswordSchema } from "@/lib/accounts/schemas";
import { requestPasswordReset } from "@/lib/accounts/reset-password";
import { echoFields, invalidInput, toActionError, type ActionResult } from "@/lib/errors";
import { assertSameOrigin, requestContext } from "@/lib/http/request-context";

/** The same answer whether or not the address has an account. */
export async function forgotPasswordAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const fields = echoFields(formData, ["email"]);
  try {
    await assertSameOrigin();
    const parsed = forgotPasswordSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return { ...invalidInput(parsed.error), fields };
    await requestPasswordReset(parsed.data.email, await requestContext());
  } catch (error) {
    return { ...toActionError(error), fields };
  }
  return { ok: true, data: undefined, message: "If an account exists for that address, we sent a link to reset the password. It works for 1 hour." };
}

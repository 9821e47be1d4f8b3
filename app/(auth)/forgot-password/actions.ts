"use server";

import { publicAction } from "@/lib/actions/define-action";
import { forgotPasswordSchema } from "@/lib/account/schemas";
import { requestPasswordReset } from "@/lib/account/reset-password";

/** The same answer whether or not the address has an account. */
export const forgotPasswordAction = publicAction({ schema: forgotPasswordSchema, echo: ["email"] }, async ({ email }, { context }) => {
  await requestPasswordReset(email, context);
  return { message: "If an account exists for that address, we sent a link to reset the password. It works for 1 hour." };
});

"use server";

import { publicAction } from "@/lib/actions/define-action";
import { resetPasswordSchema } from "@/lib/account/schemas";
import { resetPassword } from "@/lib/account/reset-password";
import { getConfig } from "@/lib/config/env";

export const resetPasswordAction = publicAction({ schema: () => resetPasswordSchema(getConfig().PASSWORD_POLICY) }, async (input, { context }) => {
  await resetPassword(input.token, input.password, context);
  // No automatic sign-in: the new password (and any second factor) is asked for.
  return { redirect: "/login?reset=1" };
});

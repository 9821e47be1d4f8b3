"use server";

import { z } from "zod";
import { userAction } from "@/lib/actions/define-action";
import { changePassword } from "@/lib/account/change-password";
import { changePasswordSchema } from "@/lib/account/schemas";
import { requireStepUp } from "@/lib/auth/step-up";
import { assertCaptchaSolved } from "@/lib/captcha/captcha";
import { getConfig } from "@/lib/config/env";
import { confirmTotpSetup, disableTotp, regenerateRecoveryCodes, startTotpSetup, type TotpSetup } from "@/lib/totp/manage-totp";
import { removePassword } from "@/lib/webauthn/passkeys";

const noInput = z.object({});
const SETTINGS_LAYOUT = { path: "/settings", type: "layout" } as const;

export const changePasswordAction = userAction(
  {
    // A second factor relaxes the password policy, so the schema depends on the person.
    schema: (session) => changePasswordSchema(getConfig().PASSWORD_POLICY, { hasSecondFactor: session?.user.totpEnabled ?? false }),
    revalidate: "/settings/security",
  },
  async (input, { session, context }) => {
    const { endedSessions } = await changePassword(
      session,
      { currentPassword: input.currentPassword, newPassword: input.password, signOutOtherSessions: input.signOutOtherSessions },
      context,
    );
    const ended = endedSessions > 0 ? ` ${endedSessions} other session${endedSessions === 1 ? " was" : "s were"} signed out.` : "";
    return { message: `${session.user.hasPassword ? "Password changed." : "Password set."}${ended}` };
  },
);

export const startTotpSetupAction = userAction<typeof noInput, TotpSetup>({ schema: noInput }, async (_input, { session }) => ({ data: await startTotpSetup(session) }));

const codeSchema = z.object({ code: z.string({ error: "Enter the code." }).trim().min(1, "Enter the 6-digit code from your app.").max(32) });

export const confirmTotpSetupAction = userAction<typeof codeSchema, string[]>({ schema: codeSchema }, async (input, { session, context }) => ({
  data: await confirmTotpSetup(session, input.code, context),
  message: "Two-factor authentication is on.",
}));

export const disableTotpAction = userAction({ schema: noInput, revalidate: SETTINGS_LAYOUT }, async (_input, { session, context }) => {
  await disableTotp(session, context);
  return { message: "Two-factor authentication is off." };
});

// The CAPTCHA's payload is checked by assertCaptchaSolved, so any value is accepted here.
const regenerateSchema = z.object({ altcha: z.unknown() });

export const regenerateRecoveryCodesAction = userAction<typeof regenerateSchema, string[]>({ schema: regenerateSchema }, async (input, { session, context }) => {
  // Step-up first: a solved CAPTCHA works once, and the form is sent again after step-up.
  requireStepUp(session);
  await assertCaptchaSolved(input.altcha);
  return { data: await regenerateRecoveryCodes(session, context), message: "New recovery codes created. The old ones no longer work." };
});

export const removePasswordAction = userAction({ schema: noInput, revalidate: SETTINGS_LAYOUT }, async (_input, { session, context }) => {
  await removePassword(session, context);
  return { message: "Your password was removed. Sign in with a passkey from now on." };
});

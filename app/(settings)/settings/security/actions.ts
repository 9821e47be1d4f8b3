"use server";

import { revalidatePath } from "next/cache";
import { changePassword } from "@/lib/accounts/change-password";
import { changePasswordSchema } from "@/lib/accounts/schemas";
import { requireUser } from "@/lib/auth/session";
import { requireStepUp } from "@/lib/auth/step-up";
import { assertCaptchaSolved } from "@/lib/captcha/captcha";
import { getConfig } from "@/lib/config/env";
import { invalidInput, toActionError, type ActionResult } from "@/lib/errors";
import { assertSameOrigin, requestContext } from "@/lib/http/request-context";
import { confirmTotpSetup, disableTotp, regenerateRecoveryCodes, startTotpSetup, type TotpSetup } from "@/lib/totp/manage-totp";
import { z } from "zod";
import { removePassword } from "@/lib/webauthn/passkeys";

const REFRESH = "/settings/security";

export async function changePasswordAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    await assertSameOrigin();
  } catch (error) {
    return toActionError(error);
  }
  const session = await requireUser();
  const parsed = changePasswordSchema(getConfig().PASSWORD_POLICY, { hasSecondFactor: session.user.totpEnabled }).safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    const { endedSessions } = await changePassword(
      session,
      { currentPassword: parsed.data.currentPassword, newPassword: parsed.data.password, signOutOtherSessions: parsed.data.signOutOtherSessions },
      await requestContext(),
    );
    revalidatePath(REFRESH);
    const ended = endedSessions > 0 ? ` ${endedSessions} other session${endedSessions === 1 ? " was" : "s were"} signed out.` : "";
    return { ok: true, data: undefined, message: `${session.user.hasPassword ? "Password changed." : "Password set."}${ended}` };
  } catch (error) {
    return toActionError(error);
  }
}

export async function startTotpSetupAction(_previous: ActionResult<TotpSetup> | null): Promise<ActionResult<TotpSetup>> {
  try {
    await assertSameOrigin();
  } catch (error) {
    return toActionError(error);
  }
  const session = await requireUser();
  try {
    return { ok: true, data: await startTotpSetup(session) };
  } catch (error) {
    return toActionError(error);
  }
}

const codeSchema = z.object({ code: z.string({ error: "Enter the code." }).trim().min(1, "Enter the 6-digit code from your app.").max(32) });

export async function confirmTotpSetupAction(_previous: ActionResult<string[]> | null, formData: FormData): Promise<ActionResult<string[]>> {
  try {
    await assertSameOrigin();
  } catch (error) {
    return toActionError(error);
  }
  const session = await requireUser();
  const parsed = codeSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    return { ok: true, data: await confirmTotpSetup(session, parsed.data.code, await requestContext()), message: "Two-factor authentication is on." };
  } catch (error) {
    return toActionError(error);
  }
}

export async function disableTotpAction(_previous: ActionResult | null): Promise<ActionResult> {
  try {
    await assertSameOrigin();
  } catch (error) {
    return toActionError(error);
  }
  const session = await requireUser();
  try {
    await disableTotp(session, await requestContext());
  } catch (error) {
    return toActionError(error);
  }
  revalidatePath("/settings", "layout");
  return { ok: true, data: undefined, message: "Two-factor authentication is off." };
}

export async function regenerateRecoveryCodesAction(_previous: ActionResult<string[]> | null, formData: FormData): Promise<ActionResult<string[]>> {
  try {
    await assertSameOrigin();
  } catch (error) {
    return toActionError(error);
  }
  const session = await requireUser();
  try {
    // Step-up first: a solved CAPTCHA works once, and the form is sent again after step-up.
    requireStepUp(session);
    await assertCaptchaSolved(formData.get("altcha"));
    return { ok: true, data: await regenerateRecoveryCodes(session, await requestContext()), message: "New recovery codes created. The old ones no longer work." };
  } catch (error) {
    return toActionError(error);
  }
}

export async function removePasswordAction(_previous: ActionResult | null): Promise<ActionResult> {
  try {
    await assertSameOrigin();
  } catch (error) {
    return toActionError(error);
  }
  const session = await requireUser();
  try {
    await removePassword(session, await requestContext());
  } catch (error) {
    return toActionError(error);
  }
  revalidatePath("/settings", "layout");
  return { ok: true, data: undefined, message: "Your password was removed. Sign in with a passkey from now on." };
}

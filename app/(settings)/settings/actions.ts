"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { signOut } from "@/lib/auth/config";
import { getSession, requireUser } from "@/lib/auth/session";
import { endSession } from "@/lib/auth/sessions";
import { endStepUp, stepUp } from "@/lib/auth/step-up";
import { invalidInput, toActionError, type ActionResult } from "@/lib/errors";
import { assertSameOrigin, requestContext } from "@/lib/http/request-context";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { stepUpSchema } from "@/lib/auth/schemas";
import { startPasskeyAuthentication } from "@/lib/webauthn/passkeys";
import { sendVerificationEmail } from "@/lib/accounts/verify-email";

export async function signOutAction(): Promise<void> {
  await assertSameOrigin();
  const session = await getSession();
  if (session) await endSession(session.sessionId, await requestContext());
  await signOut({ redirect: false });
  redirect("/login");
}

/** Re-authentication for sensitive actions ("sudo mode"), used by the step-up dialog. */
export async function stepUpAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    await assertSameOrigin();
  } catch (error) {
    return toActionError(error);
  }
  const session = await requireUser();
  const parsed = stepUpSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    await stepUp(session, parsed.data, await requestContext());
  } catch (error) {
    return toActionError(error);
  }
  revalidatePath("/settings", "layout");
  return { ok: true, data: undefined };
}

export async function endStepUpAction(): Promise<void> {
  await assertSameOrigin();
  const session = await requireUser();
  await endStepUp(session.sessionId);
  revalidatePath("/settings", "layout");
}

export async function resendVerificationEmailAction(_previous: ActionResult | null): Promise<ActionResult> {
  try {
    await assertSameOrigin();
  } catch (error) {
    return toActionError(error);
  }
  const session = await requireUser();
  try {
    await sendVerificationEmail(session.user.id, await requestContext());
  } catch (error) {
    return toActionError(error);
  }
  return { ok: true, data: undefined, message: `We sent a new link to ${session.user.email}.` };
}

/** Options for confirming it's you with a passkey: the user's passkeys, bound to this session. */
export async function stepUpPasskeyOptionsAction(): Promise<ActionResult<PublicKeyCredentialRequestOptionsJSON>> {
  try {
    await assertSameOrigin();
  } catch (error) {
    return toActionError(error);
  }
  const session = await requireUser();
  try {
    return { ok: true, data: await startPasskeyAuthentication("step_up", { userId: session.user.id, sessionId: session.sessionId }, await requestContext()) };
  } catch (error) {
    return toActionError(error);
  }
}

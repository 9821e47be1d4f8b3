"use server";

import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { invalidInput, toActionError, type ActionResult } from "@/lib/errors";
import { assertSameOrigin, requestContext } from "@/lib/http/request-context";
import { deletePasskey, finishPasskeyRegistration, renamePasskey, startPasskeyRegistration } from "@/lib/webauthn/passkeys";
import { PASSKEY_RESPONSE_MAX_LENGTH, passkeyNameSchema, renamePasskeySchema } from "@/lib/webauthn/schemas";

const PAGE = "/settings/passkeys";

export async function passkeyRegistrationOptionsAction(): Promise<ActionResult<PublicKeyCredentialCreationOptionsJSON>> {
  try {
    await assertSameOrigin();
  } catch (error) {
    return toActionError(error);
  }
  const session = await requireUser();
  try {
    return { ok: true, data: await startPasskeyRegistration(session, await requestContext()) };
  } catch (error) {
    return toActionError(error);
  }
}

const PASSKEY_NOT_ADDED = "That passkey couldn't be added. Try again.";

// The response is JSON text; its shape is checked by finishPasskeyRegistration.
const finishSchema = z.object({
  name: passkeyNameSchema,
  response: z.string({ error: "The passkey response is missing." }).min(1, PASSKEY_NOT_ADDED).max(PASSKEY_RESPONSE_MAX_LENGTH, PASSKEY_NOT_ADDED),
});

export async function finishPasskeyRegistrationAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    await assertSameOrigin();
  } catch (error) {
    return toActionError(error);
  }
  const session = await requireUser();
  const parsed = finishSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    // The name is a field on the page; the response is not, so its refusal is the form's message.
    const failure = invalidInput(parsed.error);
    return failure.fieldErrors?.name ? failure : { ok: false, code: "INVALID_INPUT", message: PASSKEY_NOT_ADDED };
  }
  let response: unknown;
  try {
    response = JSON.parse(parsed.data.response);
  } catch {
    return { ok: false, code: "INVALID_INPUT", message: PASSKEY_NOT_ADDED };
  }
  try {
    const passkey = await finishPasskeyRegistration(session, response, parsed.data.name, await requestContext());
    revalidatePath("/settings", "layout");
    return { ok: true, data: undefined, message: `Passkey “${passkey.name}” added.` };
  } catch (error) {
    return toActionError(error);
  }
}

export async function renamePasskeyAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    await assertSameOrigin();
  } catch (error) {
    return toActionError(error);
  }
  const session = await requireUser();
  const parsed = renamePasskeySchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    await renamePasskey(session, parsed.data.passkeyId, parsed.data.name, await requestContext());
  } catch (error) {
    return toActionError(error);
  }
  revalidatePath(PAGE);
  return { ok: true, data: undefined, message: "Passkey renamed." };
}

const deleteSchema = z.object({ passkeyId: z.string({ error: "Choose a passkey." }).min(1).max(64) });

export async function deletePasskeyAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    await assertSameOrigin();
  } catch (error) {
    return toActionError(error);
  }
  const session = await requireUser();
  const parsed = deleteSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    await deletePasskey(session, parsed.data.passkeyId, await requestContext());
  } catch (error) {
    return toActionError(error);
  }
  revalidatePath("/settings", "layout");
  return { ok: true, data: undefined, message: "Passkey deleted." };
}

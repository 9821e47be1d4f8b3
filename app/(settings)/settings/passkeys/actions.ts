"use server";

import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { z } from "zod";
import { recordId } from "@/lib/validation/record-id";
import { userAction } from "@/lib/actions/define-action";
import { AppError } from "@/lib/errors";
import { deletePasskey, finishPasskeyRegistration, renamePasskey, startPasskeyRegistration } from "@/lib/webauthn/passkeys";
import { PASSKEY_RESPONSE_MAX_LENGTH, passkeyNameSchema, renamePasskeySchema } from "@/lib/webauthn/schemas";

const noInput = z.object({});

export const passkeyRegistrationOptionsAction = userAction<typeof noInput, PublicKeyCredentialCreationOptionsJSON>({ schema: noInput }, async (_input, { session, context }) => ({
  data: await startPasskeyRegistration(session, context),
}));

const PASSKEY_NOT_ADDED = "That passkey couldn't be added. Try again.";

// The response is JSON text; its shape is checked by finishPasskeyRegistration.
const finishSchema = z.object({
  name: passkeyNameSchema,
  response: z.string({ error: "The passkey response is missing." }).min(1, PASSKEY_NOT_ADDED).max(PASSKEY_RESPONSE_MAX_LENGTH, PASSKEY_NOT_ADDED),
});

export const finishPasskeyRegistrationAction = userAction(
  {
    schema: finishSchema,
    // The name is a field on the page; the response is not, so its refusal is the form's message.
    invalid: (failure) => (failure.fieldErrors?.name ? failure : { ok: false, code: "INVALID_INPUT", message: PASSKEY_NOT_ADDED }),
    revalidate: { path: "/settings", type: "layout" },
  },
  async (input, { session, context }) => {
    let response: unknown;
    try {
      response = JSON.parse(input.response);
    } catch {
      throw new AppError("INVALID_INPUT", PASSKEY_NOT_ADDED);
    }
    const passkey = await finishPasskeyRegistration(session, response, input.name, context);
    return { message: `Passkey “${passkey.name}” added.` };
  },
);

export const renamePasskeyAction = userAction({ schema: renamePasskeySchema, revalidate: "/settings/passkeys" }, async (input, { session, context }) => {
  await renamePasskey(session, input.passkeyId, input.name, context);
  return { message: "Passkey renamed." };
});

const deleteSchema = z.object({ passkeyId: recordId("Choose a passkey.") });

export const deletePasskeyAction = userAction({ schema: deleteSchema, revalidate: { path: "/settings", type: "layout" } }, async (input, { session, context }) => {
  await deletePasskey(session, input.passkeyId, context);
  return { message: "Passkey deleted." };
});

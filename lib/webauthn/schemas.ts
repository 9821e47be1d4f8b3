import { z } from "zod";
import { recordId } from "@/lib/validation/record-id";
import { plainText } from "@/lib/validation/fields";

export const PASSKEY_NAME_MAX_LENGTH = 60;

export const passkeyNameSchema = plainText("Passkey name", PASSKEY_NAME_MAX_LENGTH);

export const renamePasskeySchema = z.object({
  passkeyId: recordId("Choose a passkey."),
  name: passkeyNameSchema.refine((value) => value.length > 0, "Enter a name for the passkey."),
});

// What a browser sends after a passkey prompt (WebAuthn Level 3 §5.1, toJSON()), parsed before
// @simplewebauthn/server sees it: only the fields it reads, as base64url text of bounded length.
// Objects are rebuilt from these shapes, so extra keys (`__proto__` among them) are dropped.
const MAX_CREDENTIAL_ID_LENGTH = 1024;

function base64url(maxLength: number) {
  return z
    .string()
    .max(maxLength)
    .regex(/^[A-Za-z0-9_-]*$/);
}

const TRANSPORTS = ["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"] as const;
type Transport = (typeof TRANSPORTS)[number];

const credentialFields = {
  id: base64url(MAX_CREDENTIAL_ID_LENGTH).min(1),
  rawId: base64url(MAX_CREDENTIAL_ID_LENGTH).min(1),
  type: z.literal("public-key"),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional().catch(undefined),
  // Latchkey asks for no extensions; whatever a browser reports is not read.
  clientExtensionResults: z.unknown().transform(() => ({})),
};

export const registrationResponseSchema = z.object({
  ...credentialFields,
  response: z.object({
    clientDataJSON: base64url(4096).min(1),
    attestationObject: base64url(16_384).min(1),
    // Transports are hints for later prompts: unknown ones (from newer browsers) are left out.
    transports: z
      .array(z.string().max(32))
      .max(16)
      .optional()
      .transform((values) => values?.filter((value): value is Transport => (TRANSPORTS as readonly string[]).includes(value))),
  }),
});

export const authenticationResponseSchema = z.object({
  ...credentialFields,
  response: z.object({
    clientDataJSON: base64url(4096).min(1),
    authenticatorData: base64url(8192).min(1),
    signature: base64url(1024).min(1),
    userHandle: base64url(1024).optional(),
  }),
});

/** A browser's passkey answer as sent in a form field: JSON text of bounded length. */
export const PASSKEY_RESPONSE_MAX_LENGTH = 32_768;

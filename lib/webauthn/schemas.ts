import { z } from "zod";
import { plainText } from "@/lib/validation/fields";

export const PASSKEY_NAME_MAX_LENGTH = 60;

export const passkeyNameSchema = plainText("Passkey name", PASSKEY_NAME_MAX_LENGTH);

export const renamePasskeySchema = z.object({
  passkeyId: z.string({ error: "Choose a passkey." }).min(1).max(64),
  name: passkeyNameSchema.refine((value) => value.length > 0, "Enter a name for the passkey."),
});

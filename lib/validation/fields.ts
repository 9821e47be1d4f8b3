// Field rules shared by every form and by the server (safe to import in client code).
import { z } from "zod";

export const NAME_MAX_LENGTH = 100;
export const EMAIL_MAX_LENGTH = 254;
export const JOB_TITLE_MAX_LENGTH = 100;

// Control characters (C0, DEL, C1) and lone UTF-16 surrogates never belong in a name or title.
const CONTROL_CHARACTERS = /\p{Cc}/u;

// Invisible format characters (Unicode category Cf) make text read differently from what it is:
// direction overrides and isolates (U+202A–U+202E, U+2066–U+2069), direction marks (U+200E,
// U+200F, U+061C), zero-width spaces, the BOM, tag characters. Shown in a security email or the
// members list, "Ada\u202Eexe.txt" reads "Adatxt.exe". Zero-width (non-)joiners stay allowed:
// Persian, Indic scripts and emoji sequences need them. Hangul fillers render as nothing.
const INVISIBLE_CHARACTERS = /(?![\u200c\u200d])\p{Cf}|[\u115f\u1160\u3164\uffa0]/u;

/** A string form field: rejects non-strings (files, arrays) with a clear message. */
function textField(label: string) {
  return z.string({ error: `${label} must be text.` });
}

export function plainText(label: string, maxLength: number) {
  return textField(label)
    .max(maxLength * 4, `${label} must be at most ${maxLength} characters.`)
    .transform((value) => value.normalize("NFC").trim())
    .refine((value) => value.isWellFormed() && !CONTROL_CHARACTERS.test(value), `${label} contains characters that are not allowed.`)
    .refine((value) => !INVISIBLE_CHARACTERS.test(value), `${label} contains invisible formatting characters (such as text-direction marks). Type it again without them.`)
    .refine((value) => value.length <= maxLength, `${label} must be at most ${maxLength} characters.`);
}

export function requiredName(label: string) {
  return plainText(label, NAME_MAX_LENGTH).refine((value) => value.length > 0, `Enter your ${label.toLowerCase()}.`);
}

/**
 * Email addresses are accepted only in a plain ASCII form (no quoted local parts, no
 * look-alike "@" signs, no lists) and stored lower-cased, so each mailbox has one account.
 */
export const emailSchema = textField("Email")
  .max(EMAIL_MAX_LENGTH * 4, "Email is too long.")
  .transform((value) => value.trim().toLowerCase())
  .pipe(z.string().min(1, "Enter your email address.").max(EMAIL_MAX_LENGTH, "Email is too long.").pipe(z.email("Enter a valid email address, like name@example.com.")));

/** Turns zod issues into `{ field: [messages] }` for inline errors. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  return z.flattenError(error).fieldErrors as Record<string, string[]>;
}

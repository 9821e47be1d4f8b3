// Phone numbers are validated with libphonenumber-js and stored in E.164 (+14155550123).
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { z } from "zod";

export const PHONE_MAX_LENGTH = 32;

export const optionalPhoneSchema = z
  .string({ error: "Phone number must be text." })
  .max(PHONE_MAX_LENGTH, "Phone number is too long.")
  .transform((value, context) => {
    const trimmed = value.trim();
    if (trimmed === "") return null;
    const phone = parsePhoneNumberFromString(trimmed);
    if (!phone?.isValid()) {
      context.addIssue({
        code: "custom",
        message: "Enter a valid phone number with its country code, like +1 415 555 0123.",
      });
      return z.NEVER;
    }
    return phone.number;
  });

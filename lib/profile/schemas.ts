import { z } from "zod";
import { JOB_TITLE_MAX_LENGTH, plainText, requiredName } from "@/lib/validation/fields";
import { optionalPhoneSchema } from "@/lib/validation/phone";

export const profileSchema = z.object({
  firstName: requiredName("First name"),
  lastName: requiredName("Last name"),
  jobTitle: plainText("Job position", JOB_TITLE_MAX_LENGTH).transform((value) => value || null),
  phoneNumber: optionalPhoneSchema,
});
export type ProfileInput = z.infer<typeof profileSchema>;

export const THEMES = ["light", "dark", "system"] as const;
export type Theme = (typeof THEMES)[number];
export const themeSchema = z.object({
  theme: z.enum(THEMES, { error: "Choose Light, Dark or System." }),
});

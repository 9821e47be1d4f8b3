// Input of the sign-in steps and the step-up dialog, shared by forms and actions.
import { z } from "zod";

export const stepUpSchema = z.discriminatedUnion(
  "method",
  [
    z.object({ method: z.literal("password"), password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(1024) }),
    z.object({ method: z.literal("totp"), code: z.string({ error: "Enter the code." }).min(1, "Enter the 6-digit code from your app.").max(32) }),
    z.object({ method: z.literal("passkey"), response: z.string({ error: "Use your passkey." }).min(1).max(16_384) }),
  ],
  { error: "Choose how to confirm it's you." },
);

export const secondFactorSchema = z.object({
  secondFactorMethod: z.enum(["totp", "recovery_code", "passkey"], { error: "Choose a code type." }),
  code: z.string({ error: "Enter the code." }).trim().min(1, "Enter the code.").max(16_384, "That code is too long."),
});

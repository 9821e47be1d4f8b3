// Sign-up and sign-in input, shared by the forms and the server actions.
import { z } from "zod";
import { emailSchema, plainText, requiredName } from "@/lib/validation/fields";
import { newPasswordSchema, type PasswordPolicyName } from "@/lib/validation/password-policy";

export const ORGANIZATION_NAME_MAX_LENGTH = 100;

export function signUpSchema(policy: PasswordPolicyName) {
  return z
    .object({
      firstName: requiredName("First name"),
      lastName: requiredName("Last name"),
      email: emailSchema,
      password: newPasswordSchema(policy),
      confirmPassword: z.string({ error: "Confirm your password." }),
      organizationName: plainText("Organization name", ORGANIZATION_NAME_MAX_LENGTH).optional(),
    })
    .refine((input) => input.password === input.confirmPassword, {
      path: ["confirmPassword"],
      message: "Passwords don't match.",
    });
}

export type SignUpInput = z.infer<ReturnType<typeof signUpSchema>>;

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password."),
});

// Sign-up and sign-in input, shared by the forms and the server actions.
import { z } from "zod";
import { emailSchema, plainText, requiredName } from "@/lib/validation/fields";
import { newPasswordSchema, type PasswordPolicyName } from "@/lib/validation/password-policy";
import { ORGANIZATION_NAME_MAX_LENGTH } from "@/lib/organizations/organization-schemas";

export function signUpSchema(policy: PasswordPolicyName) {
  return z
    .object({
      firstName: requiredName("First name"),
      lastName: requiredName("Last name"),
      email: emailSchema,
      password: newPasswordSchema(policy),
      confirmPassword: z.string({ error: "Confirm your password." }).min(1, "Confirm your password."),
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

export function changePasswordSchema(policy: PasswordPolicyName, options: { hasSecondFactor: boolean }) {
  return z
    .object({
      currentPassword: z.string({ error: "Enter your current password." }).max(1024).optional(),
      password: newPasswordSchema(policy, options),
      confirmPassword: z.string({ error: "Confirm your new password." }).min(1, "Confirm your new password."),
      // An unchecked checkbox sends nothing.
      signOutOtherSessions: z
        .literal("on")
        .optional()
        .transform((value) => value === "on"),
    })
    .refine((input) => input.password === input.confirmPassword, { path: ["confirmPassword"], message: "Passwords don't match." });
}

export const forgotPasswordSchema = z.object({ email: emailSchema });

export function resetPasswordSchema(policy: PasswordPolicyName) {
  return z
    .object({
      token: z.string({ error: "This reset link is incomplete." }).min(1).max(200),
      password: newPasswordSchema(policy),
      confirmPassword: z.string({ error: "Confirm your new password." }).min(1, "Confirm your new password."),
    })
    .refine((input) => input.password === input.confirmPassword, { path: ["confirmPassword"], message: "Passwords don't match." });
}

export const changeEmailSchema = z.object({ email: emailSchema });

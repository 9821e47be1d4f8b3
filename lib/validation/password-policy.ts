// The one password policy for every password form, enforced again on the server.
import { z } from "zod";
import { PASSWORD_MAX_LENGTH, passwordRules, type PasswordPolicyName } from "./password-rules";

export type { PasswordPolicyName } from "./password-rules";

/** A zod schema for a new password under the policy; each unmet rule is one message. */
export function newPasswordSchema(policy: PasswordPolicyName, options: { hasSecondFactor?: boolean } = {}) {
  const rules = passwordRules(policy, options);
  return z
    .string({ error: "Password must be text." })
    .max(PASSWORD_MAX_LENGTH * 8, `Password must be at most ${PASSWORD_MAX_LENGTH} characters.`)
    .superRefine((password, context) => {
      if (password.length === 0) {
        context.addIssue({ code: "custom", message: "Enter a password." });
        return;
      }
      const unmet = rules.filter((rule) => !rule.test(password));
      if (unmet.length > 0) {
        context.addIssue({
          code: "custom",
          message: `Password needs: ${unmet.map((rule) => rule.label.toLowerCase()).join(", ")}.`,
        });
      }
    });
}

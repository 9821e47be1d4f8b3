// The password rules of each policy, without zod, so the live checklist stays small in the
// browser. See docs/decisions/0002-password-policy.md.

export type PasswordPolicyName = "classic" | "nist";

export const PASSWORD_MAX_LENGTH = 128;
const CLASSIC_MIN_LENGTH = 8;
/** NIST 800-63B-4: 15 for a password used alone, 8 when a second factor is always required. */
const NIST_SINGLE_FACTOR_MIN_LENGTH = 15;
const NIST_MULTI_FACTOR_MIN_LENGTH = 8;

export type PasswordRule = { id: string; label: string; test: (password: string) => boolean };

export function passwordRules(policy: PasswordPolicyName, options: { hasSecondFactor?: boolean } = {}): PasswordRule[] {
  const length = (password: string) => [...password].length;
  if (policy === "nist") {
    const min = options.hasSecondFactor ? NIST_MULTI_FACTOR_MIN_LENGTH : NIST_SINGLE_FACTOR_MIN_LENGTH;
    return [{ id: "length", label: `${min} to ${PASSWORD_MAX_LENGTH} characters`, test: (p) => length(p) >= min && length(p) <= PASSWORD_MAX_LENGTH }];
  }
  return [
    {
      id: "length",
      label: `${CLASSIC_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`,
      test: (p) => length(p) >= CLASSIC_MIN_LENGTH && length(p) <= PASSWORD_MAX_LENGTH,
    },
    { id: "uppercase", label: "An uppercase letter", test: (p) => /\p{Lu}/u.test(p) },
    { id: "lowercase", label: "A lowercase letter", test: (p) => /\p{Ll}/u.test(p) },
    { id: "number", label: "A number", test: (p) => /\p{Nd}/u.test(p) },
    { id: "special", label: "A special character", test: (p) => /[^\p{L}\p{Nd}\s]/u.test(p) },
  ];
}

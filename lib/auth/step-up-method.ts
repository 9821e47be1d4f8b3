// How a person confirms it's them (safe to import in client code).
export type StepUpMethod = "password" | "totp" | "passkey";

/** A TOTP code when two-factor authentication is on, else the password, else a passkey. */
export function stepUpMethodFor(user: { totpEnabled: boolean; hasPassword: boolean }): StepUpMethod {
  if (user.totpEnabled) return "totp";
  return user.hasPassword ? "password" : "passkey";
}

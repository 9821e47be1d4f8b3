import "server-only";
import type { AuthenticatorTransport } from "@simplewebauthn/server";
import type { RequestContext } from "@/lib/http/request-context";
import { limit } from "@/lib/rate-limit/limit";

// Options chosen for every ceremony (docs/decisions/0008-passkeys.md): no attestation
// (privacy; Latchkey does not restrict authenticator models), user verification required
// (a passkey sign-in counts as two factors), resident keys required (sign-in without typing
// an email).
export const USER_VERIFICATION = "required" as const;
export const MAX_STORED_COUNTER = 2_147_483_647;

export function transportsOf(value: string): AuthenticatorTransport[] {
  return value ? (value.split(",") as AuthenticatorTransport[]) : [];
}

/**
 * Every challenge handed out is a row: counted per IP address, and per account when the
 * ceremony names one, so a script cannot fill the table or keep an account's prompts busy.
 */
export async function limitPasskeyOptions(userId: string | undefined, context: RequestContext): Promise<void> {
  if (context.ipAddress) await limit("passkey-options:ip", context.ipAddress);
  if (userId) await limit("passkey-options:user", userId);
}

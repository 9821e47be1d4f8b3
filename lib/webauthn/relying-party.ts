import "server-only";
import { getConfig } from "@/lib/config/env";

export const RP_NAME = "Latchkey";

/** The relying party comes from APP_URL, never from the request's Host header. */
export function relyingParty(): { rpID: string; origin: string } {
  const url = new URL(getConfig().APP_URL);
  return { rpID: url.hostname, origin: url.origin };
}

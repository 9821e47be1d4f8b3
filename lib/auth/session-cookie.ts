import "server-only";
import { encode } from "next-auth/jwt";
import { sessionCookieNameFor } from "@/lib/config/app-url";
import { getConfig } from "@/lib/config/env";
import { SESSION_MAX_AGE_SECONDS } from "./sessions";

/** The session cookie's name: `__Secure-` prefixed when APP_URL is https. */
export function sessionCookieName(): string {
  return sessionCookieNameFor(getConfig().secureCookies);
}

/**
 * The session cookie's value, sealed as Auth.js opens it: a JWE keyed by AUTH_SECRET with the
 * cookie's name as salt, carrying only `{ sid }` (the random session token whose hash names the
 * session row; docs/decisions/0001-database-sessions-with-auth-js.md). Auth.js seals with this
 * (lib/auth/config.ts `jwt.encode`), and so do the browser tests' sign-in fixtures.
 */
export function sealSessionCookie({ sessionToken, secret, cookieName }: { sessionToken: string; secret: string; cookieName: string }): Promise<string> {
  return encode({ token: { sid: sessionToken }, secret, salt: cookieName, maxAge: SESSION_MAX_AGE_SECONDS });
}

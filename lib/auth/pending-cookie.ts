import "server-only";
import { cookies } from "next/headers";
import { getConfig } from "@/lib/config/env";
import { PENDING_SIGN_IN_TTL_MS } from "./pending-sign-in";

/** The pending sign-in token travels in its own short-lived cookie, never in a URL. */
export function pendingCookieName(): string {
  return getConfig().secureCookies ? "__Host-latchkey.pending" : "latchkey.pending";
}

export async function setPendingSignInCookie(token: string): Promise<void> {
  (await cookies()).set(pendingCookieName(), token, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: getConfig().secureCookies,
    maxAge: PENDING_SIGN_IN_TTL_MS / 1000,
  });
}

export async function readPendingSignInCookie(): Promise<string | null> {
  return (await cookies()).get(pendingCookieName())?.value ?? null;
}

export async function clearPendingSignInCookie(): Promise<void> {
  (await cookies()).delete(pendingCookieName());
}

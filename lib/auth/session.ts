import "server-only";
import { LRUCache } from "lru-cache";
import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getConfig } from "@/lib/config/env";
import { noteRequestUser } from "@/lib/operations/request-scope.mjs";
import { sessionCookieName } from "./session-cookie";
import { findActiveSession, type ActiveSession } from "./sessions";

/**
 * Session cookies already opened, by their sealed value, each until the cookie itself expires.
 * A browser sends the same cookie with every request, and opening it (deriving the key,
 * decrypting, with WebCrypto) cost about 0.7 ms of each. Only what the cookie says is kept: the
 * session row is still read on every request, so a revoked session ends at once. The expiry is
 * compared with Date, the clock the cookie's own check reads.
 */
const openedCookies = new LRUCache<string, { sessionToken: string; expiresAtMs: number }>({ max: 10_000 });

/** The session token a sealed cookie carries, or null for one that isn't ours, was tampered with, or has expired. */
async function openSessionCookie(sealed: string, name: string): Promise<string | null> {
  const opened = openedCookies.get(sealed);
  if (opened && Date.now() < opened.expiresAtMs) return opened.sessionToken;
  const payload = await decode({ token: sealed, secret: getConfig().AUTH_SECRET, salt: name }).catch(() => null);
  if (typeof payload?.sid !== "string" || typeof payload.exp !== "number") return null;
  openedCookies.set(sealed, { sessionToken: payload.sid, expiresAtMs: payload.exp * 1000 });
  return payload.sid;
}

/** The signed-in session of this request, checked against the database; null if none. */
export const getSession = cache(async (): Promise<ActiveSession | null> => {
  const name = sessionCookieName();
  const sealed = (await cookies()).get(name)?.value;
  if (!sealed) return null;
  const sessionToken = await openSessionCookie(sealed, name);
  if (!sessionToken) return null;
  const session = await findActiveSession(sessionToken);
  // The request's log line names who made it (an id only).
  if (session) noteRequestUser(session.user.id);
  return session;
});

/** Every page, action and route that reads private data starts here. */
export async function requireUser(): Promise<ActiveSession> {
  const session = await getSession();
  if (!session) redirect("/login");
  return session;
}

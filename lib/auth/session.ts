import "server-only";
import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getConfig } from "@/lib/config/env";
import { noteRequestUser } from "@/lib/operations/request-scope.mjs";
import { sessionCookieName } from "./session-cookie";
import { findActiveSession, type ActiveSession } from "./sessions";

/** The signed-in session of this request, checked against the database; null if none. */
export const getSession = cache(async (): Promise<ActiveSession | null> => {
  const name = sessionCookieName();
  const sealed = (await cookies()).get(name)?.value;
  if (!sealed) return null;
  const payload = await decode({ token: sealed, secret: getConfig().AUTH_SECRET, salt: name }).catch(() => null);
  if (typeof payload?.sid !== "string") return null;
  const session = await findActiveSession(payload.sid);
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

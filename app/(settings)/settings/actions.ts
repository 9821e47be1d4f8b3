"use server";

import { redirect } from "next/navigation";
import { signOut } from "@/lib/auth/config";
import { getSession } from "@/lib/auth/session";
import { endSession } from "@/lib/auth/sessions";
import { assertSameOrigin, requestContext } from "@/lib/http/request-context";

export async function signOutAction(): Promise<void> {
  await assertSameOrigin();
  const session = await getSession();
  if (session) await endSession(session.sessionId, await requestContext());
  await signOut({ redirect: false });
  redirect("/login");
}

"use server";

import { z } from "zod";
import { recordId } from "@/lib/validation/record-id";
import { userAction } from "@/lib/actions/define-action";
import { signOut } from "@/lib/auth/config";
import { revokeSession, revokeSessions } from "@/lib/sessions/sessions";

const PAGE = "/settings/sessions";

const revokeSchema = z.object({ sessionId: recordId("Choose a session.") });

export const revokeSessionAction = userAction({ schema: revokeSchema, revalidate: PAGE }, async (input, { session, context }) => {
  await revokeSession(session, input.sessionId, context);
  // The row that held the form is gone: the page itself says what happened.
  return { redirect: `${PAGE}?notice=signed-out` };
});

const scopeSchema = z.object({ scope: z.enum(["others", "all"], { error: "Choose which sessions to end." }) });

/** "Sign out all other sessions", or every session including this one (then to /login). */
export const revokeSessionsAction = userAction({ schema: scopeSchema, revalidate: PAGE }, async (input, { session, context }) => {
  const ended = await revokeSessions(session, input.scope, context);
  if (input.scope === "all") {
    await signOut({ redirect: false });
    return { redirect: "/login" };
  }
  return { redirect: `${PAGE}?notice=signed-out-others&count=${ended}` };
});

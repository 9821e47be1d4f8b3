"use server";

import { z } from "zod";
import { userAction } from "@/lib/actions/define-action";
import { revokeSessions } from "@/lib/sessions/sessions";

/** "This wasn't me": every other session ends, then the person secures the account. */
export const thisWasntMeAction = userAction({ schema: z.object({}) }, async (_input, { session, context }) => {
  await revokeSessions(session, "others", context);
  return { redirect: "/settings/security?secure=1" };
});

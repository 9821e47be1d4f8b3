"use server";

import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { toActionError, type ActionResult } from "@/lib/errors";
import { assertSameOrigin, requestContext } from "@/lib/http/request-context";
import { revokeSessions } from "@/lib/sessions/sessions";

/** "This wasn't me": every other session ends, then the person secures the account. */
export async function thisWasntMeAction(_previous: ActionResult | null): Promise<ActionResult> {
  try {
    await assertSameOrigin();
  } catch (error) {
    return toActionError(error);
  }
  const session = await requireUser();
  try {
    await revokeSessions(session, "others", await requestContext());
  } catch (error) {
    return toActionError(error);
  }
  redirect("/settings/security?secure=1");
}

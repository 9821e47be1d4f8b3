"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signOut } from "@/lib/auth/config";
import { requireUser } from "@/lib/auth/session";
import { invalidInput, toActionError, type ActionResult } from "@/lib/errors";
import { assertSameOrigin, requestContext } from "@/lib/http/request-context";
import { revokeSession, revokeSessions } from "@/lib/sessions/sessions";

const revokeSchema = z.object({ sessionId: z.string({ error: "Choose a session." }).min(1).max(64) });

export async function revokeSessionAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    await assertSameOrigin();
  } catch (error) {
    return toActionError(error);
  }
  const session = await requireUser();
  const parsed = revokeSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    await revokeSession(session, parsed.data.sessionId, await requestContext());
  } catch (error) {
    return toActionError(error);
  }
  revalidatePath("/settings/sessions");
  // The row that held the form is gone: the page itself says what happened.
  redirect("/settings/sessions?notice=signed-out");
}

const scopeSchema = z.object({ scope: z.enum(["others", "all"], { error: "Choose which sessions to end." }) });

/** "Sign out all other sessions", or every session including this one (then to /login). */
export async function revokeSessionsAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    await assertSameOrigin();
  } catch (error) {
    return toActionError(error);
  }
  const session = await requireUser();
  const parsed = scopeSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalidInput(parsed.error);
  let ended: number;
  try {
    ended = await revokeSessions(session, parsed.data.scope, await requestContext());
  } catch (error) {
    return toActionError(error);
  }
  if (parsed.data.scope === "all") {
    await signOut({ redirect: false });
    redirect("/login");
  }
  revalidatePath("/settings/sessions");
  redirect(`/settings/sessions?notice=signed-out-others&count=${ended}`);
}

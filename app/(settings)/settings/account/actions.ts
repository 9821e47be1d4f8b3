"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { deleteAccount } from "@/lib/account/delete-account";
import { signOut } from "@/lib/auth/config";
import { requireUser } from "@/lib/auth/session";
import { requireStepUp } from "@/lib/auth/step-up";
import { invalidInput, toActionError, type ActionResult } from "@/lib/errors";
import { assertSameOrigin, requestContext } from "@/lib/http/request-context";

const deleteSchema = z.object({ confirmation: z.string({ error: "Type your email address." }).max(300) });

export async function deleteAccountAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    await assertSameOrigin();
  } catch (error) {
    return toActionError(error);
  }
  const session = await requireUser();
  const parsed = deleteSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    await deleteAccount(session, parsed.data.confirmation, await requestContext());
  } catch (error) {
    return toActionError(error);
  }
  await signOut({ redirect: false });
  redirect("/login?deleted=1");
}

/**
 * Asked before "Download your data" follows its link: answers STEP_UP_REQUIRED (the page then
 * shows the step-up dialog) until the session is confirmed. The download checks it again.
 */
export async function prepareDataExportAction(_previous: ActionResult | null): Promise<ActionResult> {
  try {
    await assertSameOrigin();
    requireStepUp(await requireUser());
  } catch (error) {
    return toActionError(error);
  }
  return { ok: true, data: undefined, message: "Your download has started." };
}

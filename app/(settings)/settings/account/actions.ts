"use server";

import { z } from "zod";
import { userAction } from "@/lib/actions/define-action";
import { deleteAccount } from "@/lib/account/delete-account";
import { signOut } from "@/lib/auth/config";
import { requireStepUp } from "@/lib/auth/step-up";

const deleteSchema = z.object({ confirmation: z.string({ error: "Type your email address." }).max(300) });

export const deleteAccountAction = userAction({ schema: deleteSchema }, async (input, { session, context }) => {
  await deleteAccount(session, input.confirmation, context);
  await signOut({ redirect: false });
  return { redirect: "/login?deleted=1" };
});

/**
 * Asked before "Download your data" follows its link: answers STEP_UP_REQUIRED (the page then
 * shows the step-up dialog) until the session is confirmed. The download checks it again.
 */
export const prepareDataExportAction = userAction({ schema: z.object({}) }, async (_input, { session }) => {
  requireStepUp(session);
  return { message: "Your download has started." };
});

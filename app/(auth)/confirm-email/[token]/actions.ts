"use server";

import { z } from "zod";
import { confirmEmailChange } from "@/lib/accounts/change-email";
import { toActionError, type ActionResult } from "@/lib/errors";
import { assertSameOrigin, requestContext } from "@/lib/http/request-context";

const tokenSchema = z.object({ token: z.string().min(1).max(200) });

export async function confirmEmailChangeAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    await assertSameOrigin();
  } catch (error) {
    return toActionError(error);
  }
  const parsed = tokenSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { ok: false, code: "NOT_FOUND", message: "This link is incomplete. Open the link from the email again." };
  const result = await confirmEmailChange(parsed.data.token, await requestContext());
  if (result.ok) return { ok: true, data: undefined, message: `Your email address is now ${result.newEmail}. Use it to sign in.` };
  return {
    ok: false,
    code: result.reason === "taken" ? "CONFLICT" : "NOT_FOUND",
    message:
      result.reason === "taken"
        ? "That address can't be used any more. Ask for the change again with another address."
        : "This link has expired or was already used. Ask for the change again from your profile.",
  };
}

"use server";

import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/session";
import { echoFields, invalidInput, toActionError, type ActionResult } from "@/lib/errors";
import { assertSameOrigin, requestContext } from "@/lib/http/request-context";
import { profileSchema } from "@/lib/profile/schemas";
import { updateProfile } from "@/lib/profile/update-profile";
import { requestEmailChange } from "@/lib/accounts/change-email";
import { changeEmailSchema } from "@/lib/accounts/schemas";

export async function updateProfileAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const fields = echoFields(formData, ["firstName", "lastName", "jobTitle", "phoneNumber"]);
  try {
    await assertSameOrigin();
  } catch (error) {
    return toActionError(error);
  }
  const { user } = await requireUser();
  const parsed = profileSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { ...invalidInput(parsed.error), fields };
  try {
    await updateProfile(user.id, parsed.data, await requestContext());
  } catch (error) {
    return { ...toActionError(error), fields };
  }
  revalidatePath("/settings", "layout");
  return { ok: true, data: undefined, message: "Profile saved." };
}

export async function requestEmailChangeAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const fields = echoFields(formData, ["email"]);
  try {
    await assertSameOrigin();
  } catch (error) {
    return toActionError(error);
  }
  const session = await requireUser();
  const parsed = changeEmailSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { ...invalidInput(parsed.error), fields };
  try {
    await requestEmailChange(session, parsed.data.email, await requestContext());
  } catch (error) {
    return { ...toActionError(error), fields };
  }
  // The same words whether or not the address is taken.
  return { ok: true, data: undefined, message: `We sent a confirmation link to ${parsed.data.email}. Your email changes when you open it.` };
}

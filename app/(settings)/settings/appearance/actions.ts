"use server";

import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/session";
import { invalidInput, toActionError, type ActionResult } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/request-context";
import { themeSchema } from "@/lib/profile/schemas";
import { updateTheme } from "@/lib/profile/update-profile";

export async function updateThemeAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    await assertSameOrigin();
  } catch (error) {
    return toActionError(error);
  }
  const { user } = await requireUser();
  const parsed = themeSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalidInput(parsed.error);
  await updateTheme(user.id, parsed.data.theme);
  // The root layout renders <html data-theme>, so refresh from the top.
  revalidatePath("/", "layout");
  return { ok: true, data: undefined, message: "Theme saved." };
}

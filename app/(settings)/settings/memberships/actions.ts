"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { invalidInput, toActionError, type ActionResult } from "@/lib/errors";
import { assertSameOrigin, requestContext } from "@/lib/http/request-context";
import { leaveOrganization } from "@/lib/organizations/memberships";

const leaveSchema = z.object({ orgId: z.string({ error: "Choose an organization." }).min(1).max(64) });

export async function leaveOrganizationAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    await assertSameOrigin();
  } catch (error) {
    return toActionError(error);
  }
  const session = await requireUser();
  const parsed = leaveSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    await leaveOrganization(session, parsed.data.orgId, await requestContext());
  } catch (error) {
    return toActionError(error);
  }
  revalidatePath("/settings/memberships");
  redirect("/settings/memberships?notice=left");
}

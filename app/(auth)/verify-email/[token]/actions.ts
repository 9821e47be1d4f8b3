"use server";

import { z } from "zod";
import { verifyEmail } from "@/lib/accounts/verify-email";
import { toActionError, type ActionResult } from "@/lib/errors";
import { assertSameOrigin, requestContext } from "@/lib/http/request-context";

const tokenSchema = z.object({ token: z.string().min(1).max(200) });

export async function verifyEmailAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    await assertSameOrigin();
  } catch (error) {
    return toActionError(error);
  }
  const parsed = tokenSchema.safeParse(Object.fromEntries(formData));
  const verified = parsed.success && (await verifyEmail(parsed.data.token, await requestContext()));
  return verified
    ? { ok: true, data: undefined, message: "Your email address is verified." }
    : { ok: false, code: "NOT_FOUND", message: "This link has expired or was already used. Sign in and ask for a new one." };
}

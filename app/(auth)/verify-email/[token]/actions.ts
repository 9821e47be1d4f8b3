"use server";

import { z } from "zod";
import { publicAction } from "@/lib/actions/define-action";
import { verifyEmail } from "@/lib/account/verify-email";
import { AppError } from "@/lib/errors";

const LINK_USED = "This link has expired or was already used. Sign in and ask for a new one.";

const tokenSchema = z.object({ token: z.string().min(1).max(200) });

export const verifyEmailAction = publicAction({ schema: tokenSchema, invalid: () => ({ ok: false, code: "NOT_FOUND", message: LINK_USED }) }, async ({ token }, { context }) => {
  if (!(await verifyEmail(token, context))) throw new AppError("NOT_FOUND", LINK_USED);
  return { message: "Your email address is verified." };
});

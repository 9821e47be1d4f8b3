"use server";

import { z } from "zod";
import { publicAction } from "@/lib/actions/define-action";
import { confirmEmailChange } from "@/lib/account/change-email";
import { AppError } from "@/lib/errors";

const tokenSchema = z.object({ token: z.string().min(1).max(200) });

export const confirmEmailChangeAction = publicAction(
  {
    schema: tokenSchema,
    invalid: () => ({ ok: false, code: "NOT_FOUND", message: "This link is incomplete. Open the link from the email again." }),
  },
  async ({ token }, { context }) => {
    const result = await confirmEmailChange(token, context);
    if (result.ok) return { message: `Your email address is now ${result.newEmail}. Use it to sign in.` };
    if (result.reason === "taken") throw new AppError("CONFLICT", "That address can't be used any more. Ask for the change again with another address.");
    throw new AppError("NOT_FOUND", "This link has expired or was already used. Ask for the change again from your profile.");
  },
);

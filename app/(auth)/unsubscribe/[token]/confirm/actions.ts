"use server";

import { z } from "zod";
import { publicAction } from "@/lib/actions/define-action";
import { categoryLabel } from "@/lib/notifications/categories";
import { INVALID_UNSUBSCRIBE_LINK, unsubscribeWithToken } from "@/lib/notifications/unsubscribe-link";

const tokenSchema = z.object({ token: z.string().min(1).max(200) });

export const unsubscribeAction = publicAction(
  { schema: tokenSchema, invalid: () => ({ ok: false, code: "INVALID_INPUT", message: INVALID_UNSUBSCRIBE_LINK }) },
  async ({ token }) => {
    const { category } = await unsubscribeWithToken(token);
    return { message: `Unsubscribed: you will no longer get ${categoryLabel(category)} emails.` };
  },
);

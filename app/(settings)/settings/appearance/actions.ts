"use server";

import { userAction } from "@/lib/actions/define-action";
import { themeSchema } from "@/lib/profile/schemas";
import { updateTheme } from "@/lib/profile/update-profile";

// The root layout renders <html data-theme>, so refresh from the top.
export const updateThemeAction = userAction({ schema: themeSchema, revalidate: { path: "/", type: "layout" } }, async (input, { session }) => {
  await updateTheme(session.user.id, input.theme);
  return { message: "Theme saved." };
});

"use server";

import { userAction } from "@/lib/actions/define-action";
import { requestEmailChange } from "@/lib/account/change-email";
import { changeEmailSchema } from "@/lib/account/schemas";
import { profileSchema } from "@/lib/profile/schemas";
import { updateProfile } from "@/lib/profile/update-profile";

export const updateProfileAction = userAction(
  { schema: profileSchema, echo: ["firstName", "lastName", "jobTitle", "phoneNumber"], revalidate: { path: "/settings", type: "layout" } },
  async (input, { session, context }) => {
    await updateProfile(session.user.id, input, context);
    return { message: "Profile saved." };
  },
);

export const requestEmailChangeAction = userAction({ schema: changeEmailSchema, echo: ["email"] }, async (input, { session, context }) => {
  await requestEmailChange(session, input.email, context);
  // The same words whether or not the address is taken.
  return { message: `We sent a confirmation link to ${input.email}. Your email changes when you open it.` };
});

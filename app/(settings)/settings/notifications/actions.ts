"use server";

import { userAction } from "@/lib/actions/define-action";
import { updateNotificationPreferences } from "@/lib/notifications/preferences";
import { notificationPreferencesSchema } from "@/lib/notifications/schemas";

export const updateNotificationPreferencesAction = userAction(
  {
    schema: notificationPreferencesSchema,
    // The switches have no field of their own to show an error on: the answer says it.
    invalid: (failure) => ({ ...failure, message: failure.fieldErrors?.enabled?.[0] ?? failure.message }),
    revalidate: "/settings/notifications",
  },
  async (input, { session }) => {
    await updateNotificationPreferences(session.user.id, input.enabled);
    return { message: "Notification settings saved." };
  },
);

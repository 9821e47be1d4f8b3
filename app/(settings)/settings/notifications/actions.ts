"use server";

import { z } from "zod";
import { userAction } from "@/lib/actions/define-action";
import { AppError } from "@/lib/errors";
import { updateNotificationPreferences } from "@/lib/notifications/preferences";
import { notificationPreferencesSchema } from "@/lib/notifications/schemas";
import { PUSH_SUBSCRIPTION_NOT_USABLE, pushSubscriptionSchema } from "@/lib/push/schemas";
import { sendTestPush } from "@/lib/push/send";
import { removePushDevice, subscribeToPush } from "@/lib/push/subscriptions";
import { recordId } from "@/lib/validation/record-id";

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

const noInput = z.object({});

export const enablePushAction = userAction(
  {
    schema: pushSubscriptionSchema,
    // The subscription comes from the browser, not a field: its refusal is the form's message.
    invalid: () => ({ ok: false, code: "INVALID_INPUT", message: PUSH_SUBSCRIPTION_NOT_USABLE }),
    revalidate: "/settings/notifications",
  },
  async (input, { session, context }) => {
    const { device, alreadyOn } = await subscribeToPush(session.user.id, input, context);
    return { message: alreadyOn ? `Push is already on for this device (${device.name}).` : `Push is on for this device (${device.name}).` };
  },
);

const removePushDeviceSchema = z.object({ pushSubscriptionId: recordId("Choose a device.") });

export const removePushDeviceAction = userAction({ schema: removePushDeviceSchema, revalidate: "/settings/notifications" }, async (input, { session, context }) => {
  await removePushDevice(session.user.id, input.pushSubscriptionId, context);
  return { message: "Device removed: it gets no more push notifications." };
});

function devices(count: number): string {
  return `${count} device${count === 1 ? "" : "s"}`;
}

export const sendTestPushAction = userAction({ schema: noInput, revalidate: "/settings/notifications" }, async (_input, { session }) => {
  const result = await sendTestPush(session.user.id);
  const notes = [
    result.gone ? `${devices(result.gone)} had turned push off and ${result.gone === 1 ? "was" : "were"} removed.` : null,
    result.refused ? `The push service of ${devices(result.refused)} refused it.` : null,
    result.unavailable ? `The push service of ${devices(result.unavailable)} didn't answer; try again in a moment.` : null,
  ].filter(Boolean);
  if (result.sent === 0) throw new AppError("CONFLICT", ["The test notification reached no device.", ...notes].join(" "));
  return { message: [`Test notification sent to ${devices(result.sent)}.`, ...notes].join(" ") };
});

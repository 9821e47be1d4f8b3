import "server-only";
import { PermanentJobError } from "@/lib/jobs/queue";
import { notificationJobPayload, recordDeliveryState } from "@/lib/notifications/deliver";
import { deliverPushNotification } from "./send";

/** The "push.send" job: a notification to every device of its person, and the push channel's state. */
export async function runPushJob(payload: unknown): Promise<void> {
  const parsed = notificationJobPayload.safeParse(payload);
  if (!parsed.success) throw new PermanentJobError("A push job names no notification.");
  const outcome = await deliverPushNotification(parsed.data.notificationId);
  // "skipped" here is no device left (each was removed since the job was queued), not a choice.
  await recordDeliveryState(parsed.data.notificationId, "push", outcome === "skipped" ? "not_configured" : outcome);
}

/** After the last retry: the push channel failed. */
export async function failPushJob(payload: unknown): Promise<void> {
  const parsed = notificationJobPayload.safeParse(payload);
  if (parsed.success) await recordDeliveryState(parsed.data.notificationId, "push", "failed");
}

import "server-only";
import { db } from "@/lib/db/client";
import { sendEmail } from "@/lib/email/send-email";
import { emails } from "@/lib/email/templates";
import { PermanentJobError } from "@/lib/jobs/queue";
import type { NotificationCategory } from "./categories";
import { notificationJobPayload, recordDeliveryState } from "./deliver";

/** The "notification.email" job: mails a notification the organization sent through the API. */
export async function deliverNotificationEmail(payload: unknown): Promise<void> {
  const { notificationId } = notificationJobPayload.parse(payload);
  const notification = await db.notification.findUnique({
    where: { id: notificationId },
    select: { category: true, title: true, body: true, url: true, user: { select: { email: true } }, org: { select: { name: true } } },
  });
  if (!notification) throw new PermanentJobError("The notification no longer exists.");
  const sent = await sendEmail(
    emails.hostNotification(notification.user.email, {
      orgName: notification.org?.name ?? "Latchkey",
      category: notification.category as NotificationCategory,
      title: notification.title,
      body: notification.body,
      url: notification.url,
    }),
  );
  await recordDeliveryState(notificationId, "email", sent);
}

/** When the mail gave up after its retries. */
export async function failNotificationEmail(payload: unknown): Promise<void> {
  const parsed = notificationJobPayload.safeParse(payload);
  if (parsed.success) await recordDeliveryState(parsed.data.notificationId, "email", "failed");
}

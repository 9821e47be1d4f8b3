import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { db, type Tx } from "@/lib/db/client";
import { insertRows } from "@/lib/db/insert-rows";
import { enqueueJobs, type QueuedJob } from "@/lib/jobs/queue";
import { webhookDeliveriesOf, webhookDeliveryJob } from "@/lib/webhooks/queue-deliveries";
import type { NotificationCategory, NotificationChannel } from "./categories";

// A notification's trip beyond the bell: one job per channel the person left on, in the
// transaction that records the notification, so a restart between the two loses nothing.

/** "pending" until delivered; "skipped" when the person turned the channel off; "not_configured" when they have nowhere to receive it. */
export type DeliveryState = "pending" | "sent" | "skipped" | "failed" | "not_configured";
export type DeliveryStates = Record<NotificationChannel, DeliveryState>;

/** A new notification as its deliveries carry it. */
export type NotificationToDeliver = {
  id: string;
  userId: string;
  category: NotificationCategory;
  title: string;
  body: string;
  url: string | null;
  createdAt: Date;
  /** The organization that sent it through the API; null for Latchkey's own. */
  org: { id: string; name: string } | null;
};

/** Where a person can be reached beyond mail, as queueNotificationDeliveries reads it (a caller that reads the person anyway selects it too). */
export const RECIPIENT_REACH_SELECT = {
  _count: { select: { pushSubscriptions: true } },
  webhookEndpoints: { where: { enabled: true }, select: { id: true, categories: true } },
} as const;
export type RecipientReach = { _count: { pushSubscriptions: number }; webhookEndpoints: { id: string; categories: string }[] };

/**
 * Records each channel's state for a new notification and queues the deliveries: one read for
 * where the person can be reached (none when the caller gives it), and one write each for the webhook deliveries, the jobs and
 * the states, however many endpoints receive it (the API's hot path).
 */
export async function queueNotificationDeliveries(
  tx: Tx,
  notification: NotificationToDeliver,
  channelsOn: readonly NotificationChannel[],
  known?: RecipientReach,
): Promise<DeliveryStates> {
  const states: DeliveryStates = { email: "skipped", push: "skipped", webhook: "skipped" };
  const now = new Date();
  const payload = { notificationId: notification.id };
  const jobs: QueuedJob[] = [];
  if (channelsOn.includes("email")) {
    states.email = "pending";
    jobs.push({ kind: "notification.email", payload });
  }
  const reach =
    known ??
    (channelsOn.includes("push") || channelsOn.includes("webhook") ? await tx.user.findUnique({ where: { id: notification.userId }, select: RECIPIENT_REACH_SELECT }) : null);
  if (channelsOn.includes("push")) {
    const devices = reach?._count.pushSubscriptions ?? 0;
    states.push = devices > 0 ? "pending" : "not_configured";
    if (devices > 0) jobs.push({ kind: "push.send", payload });
  }
  if (channelsOn.includes("webhook")) {
    const deliveries = webhookDeliveriesOf(notification, reach?.webhookEndpoints ?? []);
    states.webhook = deliveries.length > 0 ? "pending" : "not_configured";
    await insertRows(
      tx,
      "WebhookDelivery",
      deliveries.map((delivery) => ({ ...delivery, createdAt: now, updatedAt: now })),
    );
    jobs.push(...deliveries.map((delivery) => webhookDeliveryJob(delivery.id, delivery.endpointId)));
  }
  await enqueueJobs(tx, jobs);
  await insertRows(
    tx,
    "NotificationDelivery",
    (Object.keys(states) as NotificationChannel[]).map((channel) => ({
      id: randomUUID(),
      notificationId: notification.id,
      channel,
      state: states[channel],
      createdAt: now,
      updatedAt: now,
    })),
  );
  return states;
}

/** What became of a channel's delivery, once known. */
export async function recordDeliveryState(notificationId: string, channel: NotificationChannel, state: DeliveryState): Promise<void> {
  await db.notificationDelivery.updateMany({ where: { notificationId, channel }, data: { state } });
}

/** The payload of a job about one notification ("notification.email", "push.send"). */
export const notificationJobPayload = z.object({ notificationId: z.string().min(1) });

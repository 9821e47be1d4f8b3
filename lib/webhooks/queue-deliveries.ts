import "server-only";
import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db/client";
import type { NotificationToDeliver } from "@/lib/notifications/deliver";
import { appLink } from "@/lib/email/templates";
import { enqueueJob, enqueueJobs, type QueuedJob } from "@/lib/jobs/queue";
import { categoryLabel } from "@/lib/notifications/categories";
import { webhookPayload } from "./payload";
import { parseCategories } from "./schemas";

// Queuing webhook deliveries, apart from delivering them (deliveries.ts): the notification
// router calls this inside its transaction, and needs nothing of the delivery side.

/** The "webhook.deliver" job of one delivery; the endpoint is its serial key, so an endpoint gets one delivery at a time. */
function deliveryJob(deliveryId: string, endpointId: string): QueuedJob {
  return { kind: "webhook.deliver", payload: { deliveryId }, serialKey: endpointId };
}

export async function enqueueDeliveryJob(tx: Tx, deliveryId: string, endpointId: string): Promise<void> {
  await enqueueJob(tx, deliveryJob(deliveryId, endpointId));
}

/** A WebhookDelivery and the job that carries it. */
export async function queueDelivery(tx: Tx, endpointId: string, delivery: { notificationId?: string; type: string; payload: string }): Promise<string> {
  const row = await tx.webhookDelivery.create({ data: { endpointId, ...delivery }, select: { id: true } });
  await enqueueDeliveryJob(tx, row.id, endpointId);
  return row.id;
}

/**
 * Queues a notification to every enabled endpoint of its person that receives its category, in
 * the caller's transaction. Returns how many were queued.
 */
export async function queueWebhookDeliveries(tx: Tx, notification: NotificationToDeliver): Promise<number> {
  const endpoints = await tx.webhookEndpoint.findMany({ where: { userId: notification.userId, enabled: true }, select: { id: true, categories: true } });
  const receiving = endpoints.filter((endpoint) => parseCategories(endpoint.categories).includes(notification.category));
  if (receiving.length === 0) return 0;
  const url = notification.url ? (notification.url.startsWith("/") ? appLink(notification.url) : notification.url) : null;
  const type = `notification.${notification.category}`;
  const payload = JSON.stringify(
    webhookPayload({
      type,
      message: [notification.title, notification.body, url].filter(Boolean).join("\n"),
      at: notification.createdAt,
      data: {
        notificationId: notification.id,
        category: notification.category,
        categoryLabel: categoryLabel(notification.category),
        title: notification.title,
        body: notification.body,
        url,
        organization: notification.org,
      },
    }),
  );
  // Ids made here, so the deliveries and their jobs are two statements however many endpoints receive it.
  const deliveries = receiving.map((endpoint) => ({ id: randomUUID(), endpointId: endpoint.id, notificationId: notification.id, type, payload }));
  await tx.webhookDelivery.createMany({ data: deliveries });
  await enqueueJobs(
    tx,
    deliveries.map((delivery) => deliveryJob(delivery.id, delivery.endpointId)),
  );
  return receiving.length;
}

import "server-only";
import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db/client";
import type { NotificationToDeliver } from "@/lib/notifications/deliver";
import { appLink } from "@/lib/email/templates";
import { enqueueJob, type QueuedJob } from "@/lib/jobs/queue";
import { categoryLabel } from "@/lib/notifications/categories";
import { webhookPayload } from "./payload";
import { parseCategories } from "./schemas";

// Queuing webhook deliveries, apart from delivering them (deliveries.ts): the notification
// router builds them inside its transaction, and needs nothing of the delivery side.

/** The "webhook.deliver" job of one delivery; the endpoint is its serial key, so an endpoint gets one delivery at a time. */
export function webhookDeliveryJob(deliveryId: string, endpointId: string): QueuedJob {
  return { kind: "webhook.deliver", payload: { deliveryId }, serialKey: endpointId };
}

export async function enqueueDeliveryJob(tx: Tx, deliveryId: string, endpointId: string): Promise<void> {
  await enqueueJob(tx, webhookDeliveryJob(deliveryId, endpointId));
}

/** A WebhookDelivery and the job that carries it. */
export async function queueDelivery(tx: Tx, endpointId: string, delivery: { notificationId?: string; type: string; payload: string }): Promise<string> {
  const row = await tx.webhookDelivery.create({ data: { endpointId, ...delivery }, select: { id: true } });
  await enqueueDeliveryJob(tx, row.id, endpointId);
  return row.id;
}

/**
 * A notification's deliveries to those of its person's enabled endpoints that receive its
 * category, ready to be written (ids made here, so each delivery's job can name it).
 */
export function webhookDeliveriesOf(notification: NotificationToDeliver, endpoints: readonly { id: string; categories: string }[]) {
  const receiving = endpoints.filter((endpoint) => parseCategories(endpoint.categories).includes(notification.category));
  if (receiving.length === 0) return [];
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
  return receiving.map((endpoint) => ({ id: randomUUID(), endpointId: endpoint.id, notificationId: notification.id, type, payload }));
}

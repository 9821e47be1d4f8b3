import "server-only";
import type { Tx } from "@/lib/db/client";
import type { NotificationCategory } from "./categories";
import { queueNotificationDeliveries } from "./deliver";
import { deliveryChannelsOf } from "./preferences";

/**
 * Latchkey's own notifications (organization activity, security alerts): into each person's
 * bell, and to their browsers and webhook endpoints when they left those channels on for the
 * category. The email is not sent here: the event that calls this mails its own message.
 * Runs in the caller's transaction; people with no device and no endpoint cost no more queries.
 */
export async function notifyPeople(
  tx: Tx,
  userIds: readonly string[],
  notification: { category: NotificationCategory; title: string; body: string; url: string | null },
): Promise<void> {
  if (userIds.length === 0) return;
  const created = await tx.notification.createManyAndReturn({
    data: userIds.map((userId) => ({ userId, ...notification })),
    select: { id: true, userId: true, createdAt: true },
  });
  const people = [...userIds];
  const [devices, endpoints] = await Promise.all([
    tx.pushSubscription.findMany({ where: { userId: { in: people } }, select: { userId: true }, distinct: ["userId"] }),
    tx.webhookEndpoint.findMany({ where: { userId: { in: people }, enabled: true }, select: { userId: true }, distinct: ["userId"] }),
  ]);
  const reachable = new Set([...devices, ...endpoints].map((row) => row.userId));
  if (reachable.size === 0) return;
  const channels = await deliveryChannelsOf(tx, [...reachable], notification.category);
  for (const row of created) {
    if (!reachable.has(row.userId)) continue;
    const others = channels.get(row.userId)!.filter((channel) => channel !== "email");
    if (others.length > 0) await queueNotificationDeliveries(tx, { ...notification, ...row, org: null }, others);
  }
}

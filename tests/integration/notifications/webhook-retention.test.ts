// The delivery log keeps 30 days (issue 11, "Delivery"): the hourly housekeeping deletes older
// finished deliveries with their tries, and keeps recent ones and those still being tried.
/** @see issue 11, "Delivery" */
import { expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { DELIVERY_LOG_RETENTION_MS, deleteOldWebhookDeliveries } from "@/lib/webhooks/deliveries";
import { createTestUser } from "../../fixtures/builders";

test("finished deliveries older than 30 days leave the log with their tries; recent ones and pending ones stay", async () => {
  const user = await createTestUser();
  const endpoint = await db.webhookEndpoint.create({
    data: { id: `retention-${user.userId}`, userId: user.userId, url: "https://hooks.example/in", categories: JSON.stringify(["purchases"]), secretCiphertext: "sealed" },
  });
  const old = new Date(Date.now() - DELIVERY_LOG_RETENTION_MS - 60_000);
  const delivery = (state: string, createdAt: Date) =>
    db.webhookDelivery.create({
      data: {
        endpointId: endpoint.id,
        type: "notification.purchases",
        payload: "{}",
        state,
        createdAt,
        attemptsMade: { create: { endpointId: endpoint.id, attempt: 1, at: createdAt, status: 200, durationMs: 5 } },
      },
    });
  const oldDelivered = await delivery("delivered", old);
  const oldFailed = await delivery("failed", old);
  const oldPending = await delivery("pending", old);
  const recent = await delivery("delivered", new Date());

  expect(await deleteOldWebhookDeliveries()).toBeGreaterThanOrEqual(2);
  const left = await db.webhookDelivery.findMany({ where: { endpointId: endpoint.id }, select: { id: true } });
  expect(left.map((row) => row.id).sort()).toEqual([oldPending.id, recent.id].sort());
  expect(await db.webhookAttempt.count({ where: { deliveryId: { in: [oldDelivered.id, oldFailed.id] } } })).toBe(0);
  await db.webhookEndpoint.delete({ where: { id: endpoint.id } });
});

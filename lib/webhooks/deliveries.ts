import "server-only";
import { z } from "zod";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import { sendEmail } from "@/lib/email/send-email";
import { appLink, emails } from "@/lib/email/templates";
import { AppError } from "@/lib/errors";
import { PermanentJobError } from "@/lib/jobs/queue";
import { recordDeliveryState } from "@/lib/notifications/deliver";
import { limit } from "@/lib/rate-limit/limit";
import { openSigningSecret } from "./endpoints";
import { webhookPayload } from "./payload";
import { enqueueDeliveryJob, queueDelivery } from "./queue-deliveries";
import { webhookDeliveryDispatcher } from "./policy";
import { postWebhook } from "./send";
import { signDelivery } from "./signing";

// Webhook deliveries (docs/decisions/0029-webhook-delivery.md): one WebhookDelivery per message
// and endpoint, carried by a "webhook.deliver" job whose serial key is the endpoint, so an
// endpoint receives one delivery at a time; every try is a WebhookAttempt in its delivery log.

/** How long one try waits for the receiver's whole answer. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** An endpoint that failed this many times in a row is disabled… */
export const DISABLE_AFTER_CONSECUTIVE_FAILURES = 15;
/** …and so is one whose failures began this long ago without a success since. */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * 60 * 60 * 1000;
/** Deliveries per page of an endpoint's log. */
export const DELIVERY_LOG_PAGE_SIZE = 20;

export const TEST_EVENT_TYPE = "webhook.test";

const deliverJobPayload = z.object({ deliveryId: z.string().min(1) });

/** The person's endpoint that may be sent to now, or the reason it may not. */
async function sendableEndpoint(userId: string, endpointId: string) {
  const endpoint = await db.webhookEndpoint.findFirst({ where: { id: endpointId, userId }, select: { id: true, enabled: true } });
  if (!endpoint) throw new AppError("NOT_FOUND", "That webhook endpoint doesn't exist any more.");
  if (!endpoint.enabled) throw new AppError("CONFLICT", "This endpoint is disabled. Enable it first, then send again.");
  return endpoint;
}

/** "Send test": a "webhook.test" message, queued and delivered like any other. */
export async function sendTestWebhook(userId: string, endpointId: string): Promise<void> {
  await limit("webhook-sends:user", userId);
  await sendableEndpoint(userId, endpointId);
  const at = new Date();
  const payload = JSON.stringify(
    webhookPayload({
      type: TEST_EVENT_TYPE,
      message: "This is a test from Latchkey: your webhook endpoint works.",
      at,
      data: { endpointId },
    }),
  );
  await db.$transaction((tx) => queueDelivery(tx, endpointId, { type: TEST_EVENT_TYPE, payload }));
}

/**
 * "Resend": the same message again, with the same webhook-id (a receiver that handled it can
 * tell), signed afresh. A delivery still being tried is left to its retries.
 */
export async function resendWebhookDelivery(userId: string, deliveryId: string): Promise<{ type: string; createdAt: Date }> {
  await limit("webhook-sends:user", userId);
  const delivery = await db.webhookDelivery.findFirst({
    where: { id: deliveryId, endpoint: { userId } },
    select: { id: true, endpointId: true, state: true, type: true, createdAt: true },
  });
  if (!delivery) throw new AppError("NOT_FOUND", "That delivery doesn't exist any more.");
  await sendableEndpoint(userId, delivery.endpointId);
  await db.$transaction(async (tx) => {
    const { count } = await tx.webhookDelivery.updateMany({ where: { id: delivery.id, state: { not: "pending" } }, data: { state: "pending" } });
    if (count === 0) throw new AppError("CONFLICT", "This delivery is still being tried. Wait for it to succeed or fail, then resend it.");
    await enqueueDeliveryJob(tx, delivery.id, delivery.endpointId);
  });
  return { type: delivery.type, createdAt: delivery.createdAt };
}

/** Whether a run of failures has lasted long enough, or been long enough, to disable the endpoint. */
export function shouldDisable(consecutiveFailures: number, failingSince: Date, now: Date): boolean {
  return consecutiveFailures >= DISABLE_AFTER_CONSECUTIVE_FAILURES || now.getTime() - failingSince.getTime() >= DISABLE_AFTER_FAILING_MS;
}

/**
 * The "webhook.deliver" job: one try of one delivery. A 2xx marks it delivered; anything else
 * is recorded and thrown, so the queue tries again on its schedule. An endpoint that is
 * disabled or gone refuses the job for good.
 */
export async function deliverWebhook(payload: unknown): Promise<void> {
  const { deliveryId } = deliverJobPayload.parse(payload);
  const delivery = await db.webhookDelivery.findUnique({
    where: { id: deliveryId },
    select: {
      id: true,
      notificationId: true,
      payload: true,
      attempts: true,
      endpoint: { select: { id: true, userId: true, url: true, description: true, enabled: true, secretCiphertext: true, failingSince: true, consecutiveFailures: true } },
    },
  });
  if (!delivery) throw new PermanentJobError("The delivery no longer exists: its endpoint was deleted.");
  const { endpoint } = delivery;
  if (!endpoint.enabled) throw new PermanentJobError("The endpoint is disabled.");

  const at = new Date();
  const headers = signDelivery(openSigningSecret(endpoint.id, endpoint.secretCiphertext), delivery.id, at, delivery.payload);
  const attempt = await postWebhook({ url: endpoint.url, body: delivery.payload, headers, dispatcher: webhookDeliveryDispatcher(), timeoutMs: WEBHOOK_TIMEOUT_MS });
  const now = new Date();

  const failingSince = endpoint.failingSince ?? at;
  // One delivery per endpoint runs at a time (the serial key), so its counters have one writer.
  const consecutiveFailures = attempt.ok ? 0 : endpoint.consecutiveFailures + 1;
  // The try, as a row of the delivery log, written with the delivery's own update.
  const recorded = {
    attempts: { increment: 1 },
    lastStatus: attempt.status,
    lastAttemptAt: at,
    ...(attempt.ok ? { state: "delivered" } : {}),
    attemptsMade: {
      create: {
        endpointId: endpoint.id,
        attempt: delivery.attempts + 1,
        at,
        status: attempt.status,
        durationMs: attempt.durationMs,
        responseBody: attempt.responseBody,
        error: attempt.error,
      },
    },
  };
  let disabled = false;
  if (attempt.ok || !shouldDisable(consecutiveFailures, failingSince, now)) {
    // The common case is one statement group, no interactive transaction: the counters go with
    // it when they change (most successes follow successes, with nothing to reset).
    const counters = attempt.ok ? { consecutiveFailures: 0, failingSince: null } : { consecutiveFailures, failingSince };
    const countersChange = counters.consecutiveFailures !== endpoint.consecutiveFailures || counters.failingSince?.getTime() !== endpoint.failingSince?.getTime();
    await db.webhookDelivery.update({ where: { id: delivery.id }, data: { ...recorded, ...(countersChange ? { endpoint: { update: counters } } : {}) }, select: { id: true } });
  } else {
    disabled = await db.$transaction(async (tx) => {
      await tx.webhookDelivery.update({ where: { id: delivery.id }, data: recorded, select: { id: true } });
      const { count } = await tx.webhookEndpoint.updateMany({
        where: { id: endpoint.id, enabled: true },
        data: { consecutiveFailures, failingSince, enabled: false, disabledReason: "failing", disabledAt: now },
      });
      if (count === 1) {
        await recordAuditEvent(tx, {
          action: "webhook_endpoint.disabled",
          userId: endpoint.userId,
          context: { ipAddress: null, userAgent: null },
          metadata: { webhookEndpointId: endpoint.id, host: new URL(endpoint.url).host, reason: "failing", consecutiveFailures },
        });
      }
      return count === 1;
    });
  }

  if (attempt.ok) {
    if (delivery.notificationId) await recordDeliveryState(delivery.notificationId, "webhook", "sent");
    return;
  }
  const reason = attempt.error ?? `The receiver answered ${attempt.status}.`;
  if (disabled) {
    await emailEndpointDisabled(endpoint, failingSince);
    throw new PermanentJobError(`${reason} The endpoint was disabled after failing too long.`);
  }
  throw new Error(reason);
}

async function emailEndpointDisabled(endpoint: { id: string; userId: string; url: string; description: string }, failingSince: Date): Promise<void> {
  const owner = await db.user.findUnique({ where: { id: endpoint.userId }, select: { email: true } });
  if (!owner) return;
  await sendEmail(
    emails.webhookEndpointDisabled(owner.email, {
      host: new URL(endpoint.url).host,
      description: endpoint.description,
      failingSince,
      endpointUrl: appLink(`/settings/webhooks/${endpoint.id}`),
    }),
  );
}

/**
 * When a delivery gives up (its retries are spent, or its endpoint was disabled): the delivery
 * is failed, and so is its notification's webhook channel unless another endpoint got it or
 * is still trying.
 */
export async function failWebhookDelivery(payload: unknown): Promise<void> {
  const parsed = deliverJobPayload.safeParse(payload);
  if (!parsed.success) return;
  await db.webhookDelivery.updateMany({ where: { id: parsed.data.deliveryId, state: "pending" }, data: { state: "failed" } });
  const delivery = await db.webhookDelivery.findUnique({ where: { id: parsed.data.deliveryId }, select: { notificationId: true } });
  if (!delivery?.notificationId) return;
  const others = await db.webhookDelivery.count({ where: { notificationId: delivery.notificationId, state: { in: ["delivered", "pending"] } } });
  if (others === 0) await recordDeliveryState(delivery.notificationId, "webhook", "failed");
}

export type DeliveryLogEntry = {
  id: string;
  type: string;
  state: string;
  createdAt: Date;
  attempts: {
    id: string;
    attempt: number;
    at: Date;
    status: number | null;
    durationMs: number;
    responseBody: string;
    error: string | null;
  }[];
};

/**
 * One page of an endpoint's delivery log, newest first, each delivery with its tries (newest
 * first). `cursor` is the id of the last delivery of the previous page.
 */
export async function listWebhookDeliveries(userId: string, endpointId: string, cursor?: string): Promise<{ deliveries: DeliveryLogEntry[]; nextCursor: string | null }> {
  const endpoint = await db.webhookEndpoint.findFirst({ where: { id: endpointId, userId }, select: { id: true } });
  if (!endpoint) throw new AppError("NOT_FOUND", "That webhook endpoint doesn't exist any more.");
  const after = cursor ? await db.webhookDelivery.findFirst({ where: { id: cursor, endpointId }, select: { id: true, createdAt: true } }) : null;
  const rows = await db.webhookDelivery.findMany({
    where: {
      endpointId,
      ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: DELIVERY_LOG_PAGE_SIZE + 1,
    select: {
      id: true,
      type: true,
      state: true,
      createdAt: true,
      attemptsMade: {
        orderBy: [{ at: "desc" }, { attempt: "desc" }],
        select: { id: true, attempt: true, at: true, status: true, durationMs: true, responseBody: true, error: true },
      },
    },
  });
  const page = rows.slice(0, DELIVERY_LOG_PAGE_SIZE);
  return {
    deliveries: page.map(({ attemptsMade, ...row }) => ({ ...row, attempts: attemptsMade })),
    nextCursor: rows.length > DELIVERY_LOG_PAGE_SIZE ? page.at(-1)!.id : null,
  };
}

import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import { insertRows } from "@/lib/db/insert-rows";
import { sendEmail } from "@/lib/email/send-email";
import { appLink, emails } from "@/lib/email/templates";
import { AppError } from "@/lib/errors";
import type { JobInput, JobOutcomes } from "@/lib/jobs/handlers";
import { PermanentJobError, RECORDING_TRANSACTION } from "@/lib/jobs/queue";
import { recordDeliveryState } from "@/lib/notifications/deliver";
import { limit } from "@/lib/rate-limit/limit";
import { openSigningSecret } from "./endpoints";
import { webhookPayload } from "./payload";
import { enqueueDeliveryJob, queueDelivery } from "./queue-deliveries";
import { webhookDeliveryDispatcher } from "./policy";
import { postWebhook, type DeliveryAttempt } from "./send";
import { signDelivery } from "./signing";

// Webhook deliveries (docs/decisions/0027-webhook-delivery.md): one WebhookDelivery per message
// and endpoint, carried by a "webhook.deliver" job whose serial key is the endpoint, so an
// endpoint receives one delivery at a time; every try is a WebhookAttempt in its delivery log.

/** How long one try waits for the receiver's whole answer. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** An endpoint that failed this many times in a row is disabled… */
export const DISABLE_AFTER_CONSECUTIVE_FAILURES = 15;
/** …and so is one whose failures began this long ago without a success since. */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * 60 * 60 * 1000;
/** How long a finished delivery stays in its endpoint's log. */
export const DELIVERY_LOG_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
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

const DELIVERY_SELECT = {
  id: true,
  notificationId: true,
  payload: true,
  attempts: true,
  endpoint: { select: { id: true, userId: true, url: true, description: true, enabled: true, secretCiphertext: true, failingSince: true, consecutiveFailures: true } },
} as const;

type LoadedDelivery = { id: string; notificationId: string | null; payload: string; attempts: number; endpoint: LoadedEndpoint };
type LoadedEndpoint = {
  id: string;
  userId: string;
  url: string;
  description: string;
  enabled: boolean;
  secretCiphertext: string;
  failingSince: Date | null;
  consecutiveFailures: number;
};
type Try = { jobId: string; delivery: LoadedDelivery; at: Date; attempt: DeliveryAttempt };

/**
 * The "webhook.deliver" jobs claimed together (each of another endpoint): one read for all the
 * deliveries, the tries side by side, and one write for all the plain successes. A 2xx marks a
 * delivery delivered; anything else is recorded and is that job's failure, so the queue tries
 * again on its schedule. An endpoint that is disabled or gone refuses its job for good.
 */
export async function deliverWebhooks(jobs: readonly JobInput[]): Promise<JobOutcomes> {
  const outcomes: JobOutcomes = new Map();
  const wanted = new Map<string, string>();
  for (const job of jobs) {
    const parsed = deliverJobPayload.safeParse(job.payload);
    if (parsed.success) wanted.set(job.id, parsed.data.deliveryId);
    else outcomes.set(job.id, new PermanentJobError("A webhook job names no delivery."));
  }
  const rows = await db.webhookDelivery.findMany({ where: { id: { in: [...new Set(wanted.values())] } }, select: DELIVERY_SELECT });
  const deliveries = new Map(rows.map((row) => [row.id, row]));
  const tries: Try[] = [];
  await Promise.all(
    [...wanted].map(async ([jobId, deliveryId]) => {
      const delivery = deliveries.get(deliveryId);
      if (!delivery) return outcomes.set(jobId, new PermanentJobError("The delivery no longer exists: its endpoint was deleted."));
      if (!delivery.endpoint.enabled) return outcomes.set(jobId, new PermanentJobError("The endpoint is disabled."));
      const at = new Date();
      const headers = signDelivery(openSigningSecret(delivery.endpoint.id, delivery.endpoint.secretCiphertext), delivery.id, at, delivery.payload);
      const attempt = await postWebhook({ url: delivery.endpoint.url, body: delivery.payload, headers, dispatcher: webhookDeliveryDispatcher(), timeoutMs: WEBHOOK_TIMEOUT_MS });
      tries.push({ jobId, delivery, at, attempt });
    }),
  );
  // Successes whose endpoint has no failures to forget: the common case, written at once.
  const plain = tries.filter(({ attempt, delivery }) => attempt.ok && delivery.endpoint.consecutiveFailures === 0 && delivery.endpoint.failingSince === null);
  if (plain.length > 0) {
    await recordPlainSuccesses(plain);
    for (const { jobId } of plain) outcomes.set(jobId, null);
  }
  for (const tried of tries) {
    if (plain.includes(tried)) continue;
    try {
      await recordTry(tried);
      outcomes.set(tried.jobId, null);
    } catch (error) {
      outcomes.set(tried.jobId, error);
    }
  }
  return outcomes;
}

/** A try as a row of the endpoint's delivery log. */
function attemptFields({ delivery, at, attempt }: Omit<Try, "jobId">) {
  return {
    endpointId: delivery.endpoint.id,
    attempt: delivery.attempts + 1,
    at,
    status: attempt.status,
    durationMs: attempt.durationMs,
    responseBody: attempt.responseBody,
    error: attempt.error,
  };
}

/** The tries for the delivery log, the deliveries delivered, and their notifications' webhook channel sent: one transaction. */
async function recordPlainSuccesses(tries: readonly Try[]): Promise<void> {
  const byStatus = new Map<number | null, Try[]>();
  for (const tried of tries) byStatus.set(tried.attempt.status, [...(byStatus.get(tried.attempt.status) ?? []), tried]);
  const notificationIds = [...new Set(tries.flatMap(({ delivery }) => (delivery.notificationId ? [delivery.notificationId] : [])))];
  await db.$transaction(async (tx) => {
    await insertRows(
      tx,
      "WebhookAttempt",
      tries.map((tried) => ({ id: randomUUID(), deliveryId: tried.delivery.id, ...attemptFields(tried) })),
    );
    for (const [status, group] of byStatus) {
      await tx.webhookDelivery.updateMany({
        where: { id: { in: group.map(({ delivery }) => delivery.id) } },
        data: { attempts: { increment: 1 }, lastStatus: status, lastAttemptAt: group[0]!.at, state: "delivered" },
      });
    }
    if (notificationIds.length > 0) {
      await tx.notificationDelivery.updateMany({ where: { notificationId: { in: notificationIds }, channel: "webhook", state: { not: "sent" } }, data: { state: "sent" } });
    }
  }, RECORDING_TRANSACTION);
}

/**
 * One try that failed, or succeeded after failures: the delivery log row, the endpoint's
 * failure counters, and the endpoint disabled when it has failed too long. A failure throws.
 */
async function recordTry({ delivery, at, attempt }: Omit<Try, "jobId">): Promise<void> {
  const { endpoint } = delivery;
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
    attemptsMade: { create: attemptFields({ delivery, at, attempt }) },
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
    }, RECORDING_TRANSACTION);
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

/** Deletes finished deliveries (and their tries) older than the log keeps: the job worker's hourly housekeeping. */
export async function deleteOldWebhookDeliveries(now = new Date()): Promise<number> {
  const { count } = await db.webhookDelivery.deleteMany({
    where: { state: { not: "pending" }, createdAt: { lt: new Date(now.getTime() - DELIVERY_LOG_RETENTION_MS) } },
  });
  return count;
}

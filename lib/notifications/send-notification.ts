import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { insertRows } from "@/lib/db/insert-rows";
import { AppError } from "@/lib/errors";
import type { OrganizationMember } from "@/lib/organizations/member";
import { emailSchema, plainText } from "@/lib/validation/fields";
import { recordId } from "@/lib/validation/record-id";
import { CATEGORY_IDS, type NotificationCategory, type NotificationChannel } from "./categories";
import { queueNotificationDeliveries, RECIPIENT_REACH_SELECT, type DeliveryState, type DeliveryStates } from "./deliver";
import { safeNotificationHref } from "./in-app";
import { channelsFrom } from "./preferences";
import { isUniqueViolation } from "@/lib/db/unique-violation";

// Notifications an organization's product sends to its members through POST /api/v1/notifications
// (docs/decisions/0025-notifications-sent-through-the-api.md): always to the bell, and on every
// other channel the person left on.

export const NOTIFICATION_TITLE_MAX_LENGTH = 200;
export const NOTIFICATION_BODY_MAX_LENGTH = 2000;
const NOTIFICATION_URL_MAX_LENGTH = 2000;
/** How long an Idempotency-Key answers with the notification it made. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Printable ASCII, as the IETF Idempotency-Key draft suggests (a UUID fits easily). */
export const IDEMPOTENCY_KEY_PATTERN = /^[!-~]{1,255}$/;

export const notificationRecipient = z.union([z.strictObject({ email: emailSchema }), z.strictObject({ userId: recordId("Not a user id.") })], {
  error: 'Name the recipient as {"email": "…"} or {"userId": "…"}.',
});

export const notificationFields = {
  category: z.enum(CATEGORY_IDS, { error: `Choose a category: ${CATEGORY_IDS.join(", ")}.` }),
  title: plainText("Title", NOTIFICATION_TITLE_MAX_LENGTH).refine((value) => value.length > 0, "Enter a title."),
  body: plainText("Body", NOTIFICATION_BODY_MAX_LENGTH).refine((value) => value.length > 0, "Enter a body."),
  url: z
    .string({ error: "URL must be text." })
    .max(NOTIFICATION_URL_MAX_LENGTH, `URL must be at most ${NOTIFICATION_URL_MAX_LENGTH} characters.`)
    .refine((value) => safeNotificationHref(value) !== null, "Enter an https URL or a Latchkey path starting with /."),
};

export type NotificationRequest = {
  recipient: { email: string } | { userId: string };
  category: NotificationCategory;
  title: string;
  body: string;
  url?: string | undefined;
};

function requestHash(request: NotificationRequest): string {
  const recipient = "email" in request.recipient ? `email:${request.recipient.email}` : `user:${request.recipient.userId}`;
  return createHash("sha256")
    .update(JSON.stringify([recipient, request.category, request.title, request.body, request.url ?? null]))
    .digest("base64url");
}

const REUSED_KEY = "This Idempotency-Key was used with a different request in the last 24 hours. Send a new key for a new notification.";
const NO_SUCH_RECIPIENT = "No member of this organization has that id or email address.";

/** The notification an Idempotency-Key already made, if it is still fresh; a different request under it is refused. */
async function replayed(orgId: string, key: string, hash: string, now: Date): Promise<string | null> {
  const previous = await db.notificationIdempotencyKey.findUnique({ where: { orgId_key: { orgId, key } }, select: { requestHash: true, notificationId: true, createdAt: true } });
  if (!previous || now.getTime() - previous.createdAt.getTime() >= IDEMPOTENCY_WINDOW_MS) return null;
  if (previous.requestHash !== hash) throw new AppError("INVALID_INPUT", REUSED_KEY, { "Idempotency-Key": [REUSED_KEY] });
  return previous.notificationId;
}

/**
 * Records a notification for a member of the sender's organization and starts its delivery.
 * Anyone who is not a member (another organization's person, an unknown address) is the same
 * Not Found, so a key cannot learn who has an account. With an idempotency key, the same
 * request again within 24 hours answers with the first notification and delivers nothing.
 */
export async function sendNotification(
  sender: OrganizationMember,
  request: NotificationRequest,
  { apiKeyId, idempotencyKey, now = new Date() }: { apiKeyId: string | null; idempotencyKey?: string | undefined; now?: Date },
): Promise<SentNotification> {
  const hash = requestHash(request);
  if (idempotencyKey) {
    const id = await replayed(sender.orgId, idempotencyKey, hash, now);
    if (id) return getSentNotification(sender, id);
  }
  let notification: { id: string; recipientId: string; createdAt: Date; channels: DeliveryStates };
  try {
    notification = await db.$transaction(async (tx) => {
      // The recipient with their switches for the category and where they can be reached: one
      // read on the API's hot path.
      const membership = await tx.membership.findFirst({
        where: { orgId: sender.orgId, user: "email" in request.recipient ? { email: request.recipient.email } : { id: request.recipient.userId } },
        select: {
          user: {
            select: {
              id: true,
              notificationPreferences: { where: { category: request.category }, select: { category: true, channel: true, enabled: true } },
              ...RECIPIENT_REACH_SELECT,
            },
          },
        },
      });
      if (!membership) throw new AppError("NOT_FOUND", NO_SUCH_RECIPIENT);
      const recipient = membership.user;
      const channels = channelsFrom(recipient.notificationPreferences, request.category);
      const createdAt = new Date();
      const created = { id: randomUUID(), createdAt };
      await insertRows(tx, "Notification", [
        {
          ...created,
          updatedAt: createdAt,
          userId: recipient.id,
          orgId: sender.orgId,
          apiKeyId,
          category: request.category,
          title: request.title,
          body: request.body,
          url: request.url ?? null,
        },
      ]);
      const states = await queueNotificationDeliveries(
        tx,
        {
          id: created.id,
          userId: recipient.id,
          category: request.category,
          title: request.title,
          body: request.body,
          url: request.url ?? null,
          createdAt: created.createdAt,
          org: { id: sender.orgId, name: sender.orgName },
        },
        channels,
        recipient,
      );
      if (idempotencyKey) {
        // A key older than the window is free again: its row makes way for this request's.
        await tx.notificationIdempotencyKey.deleteMany({
          where: { orgId: sender.orgId, key: idempotencyKey, createdAt: { lte: new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS) } },
        });
        await tx.notificationIdempotencyKey.create({ data: { orgId: sender.orgId, key: idempotencyKey, requestHash: hash, notificationId: created.id, createdAt: now } });
      }
      return { ...created, recipientId: recipient.id, channels: states };
    });
  } catch (error) {
    // The same key sent twice at once: the first one's notification is the answer to both.
    if (idempotencyKey && isUniqueViolation(error)) {
      const id = await replayed(sender.orgId, idempotencyKey, hash, now);
      if (id) return getSentNotification(sender, id);
    }
    throw error;
  }
  return {
    id: notification.id,
    recipient: { userId: notification.recipientId },
    category: request.category,
    title: request.title,
    body: request.body,
    url: request.url ?? null,
    createdAt: notification.createdAt,
    channels: { inApp: "delivered", ...notification.channels },
  };
}

/** Deletes Idempotency-Keys past their window (the job worker's hourly housekeeping). */
export async function deleteExpiredIdempotencyKeys(now = new Date()): Promise<number> {
  const { count } = await db.notificationIdempotencyKey.deleteMany({ where: { createdAt: { lte: new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS) } } });
  return count;
}

export type SentNotification = {
  id: string;
  recipient: { userId: string };
  category: NotificationCategory;
  title: string;
  body: string;
  url: string | null;
  createdAt: Date;
  channels: { inApp: "delivered" } & Record<NotificationChannel, DeliveryState>;
};

/** A notification the organization sent through the API, with each channel's state; another organization's is Not Found. */
export async function getSentNotification(sender: Pick<OrganizationMember, "orgId">, id: string): Promise<SentNotification> {
  const row = await db.notification.findFirst({
    where: { id, orgId: sender.orgId },
    select: { id: true, userId: true, category: true, title: true, body: true, url: true, createdAt: true, deliveries: { select: { channel: true, state: true } } },
  });
  if (!row) throw new AppError("NOT_FOUND", "This organization sent no notification with that id.");
  const state = (channel: NotificationChannel) => (row.deliveries.find((delivery) => delivery.channel === channel)?.state ?? "not_configured") as DeliveryState;
  return {
    id: row.id,
    recipient: { userId: row.userId },
    category: row.category as NotificationCategory,
    title: row.title,
    body: row.body,
    url: row.url,
    createdAt: row.createdAt,
    channels: { inApp: "delivered", email: state("email"), push: state("push"), webhook: state("webhook") },
  };
}

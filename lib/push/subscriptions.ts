import "server-only";
import { randomUUID } from "node:crypto";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { decryptSecret, encryptSecret } from "@/lib/crypto/encryption";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { limit } from "@/lib/rate-limit/limit";
import { describeDevice } from "@/lib/sessions/describe-device";
import { checkWebhookUrl } from "@/lib/webhooks/destination";
import { webhookDestinationPolicy } from "@/lib/webhooks/policy";
import { PUSH_SUBSCRIPTION_NOT_USABLE, type PushSubscriptionInput } from "./schemas";
import { isUniqueViolation } from "@/lib/db/unique-violation";

// A person's browsers that receive Web Push (docs/decisions/0026-browser-push.md). The browser's
// keys decrypt what Latchkey sends it, so they are stored encrypted, bound to the row's id. An
// endpoint is a URL the page's visitor hands over: it passes the webhook URL check (https, no
// private address literal; http to loopback only under the development switch), and every
// send checks its addresses again at connect time.

/** The browser's keys (RFC 8291): its P-256 public key and authentication secret, base64url. */
export type PushKeys = { p256dh: string; auth: string };

export type PushDevice = { id: string; name: string; createdAt: Date; lastSentAt: Date | null };

const REMOVED = "That device doesn't receive push any more.";

function sealKeys(id: string, keys: PushKeys): string {
  return encryptSecret(JSON.stringify({ p256dh: keys.p256dh, auth: keys.auth }), `push-subscription:${id}`);
}

/** The keys of one subscription row; only the senders read them. */
export function openKeys(id: string, sealed: string): PushKeys {
  return JSON.parse(decryptSecret(sealed, `push-subscription:${id}`)) as PushKeys;
}

/**
 * Turns push on for the browser that posted its subscription. A push service gives each
 * browser profile its own endpoint, so an endpoint already on file is this browser again: it
 * moves to whoever is signed in now (a shared computer changing hands) with its fresh keys.
 */
export async function subscribeToPush(userId: string, input: PushSubscriptionInput, context: RequestContext): Promise<{ device: PushDevice; alreadyOn: boolean }> {
  const checked = checkWebhookUrl(input.endpoint, webhookDestinationPolicy());
  if (!checked.ok) throw new AppError("INVALID_INPUT", PUSH_SUBSCRIPTION_NOT_USABLE);
  await limit("push-devices:user", userId);
  const endpoint = input.endpoint;
  const userAgent = (context.userAgent ?? "").slice(0, 512);
  // Two requests for one endpoint at once: the loser of the unique index tries again as an update.
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        const existing = await tx.pushSubscription.findUnique({ where: { endpoint }, select: { id: true, userId: true } });
        const id = existing?.id ?? randomUUID();
        const data = { userId, keys: sealKeys(id, input), userAgent };
        const row = existing
          ? await tx.pushSubscription.update({ where: { id }, data, select: { id: true, userAgent: true, createdAt: true, lastSentAt: true } })
          : await tx.pushSubscription.create({ data: { id, endpoint, ...data }, select: { id: true, userAgent: true, createdAt: true, lastSentAt: true } });
        const alreadyOn = existing?.userId === userId;
        if (!alreadyOn) await recordAuditEvent(tx, { action: "push_device.added", userId, context, metadata: { pushSubscriptionId: id } });
        return { device: deviceOf(row), alreadyOn };
      });
    } catch (error) {
      if (attempt === 0 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}

function deviceOf(row: { id: string; userAgent: string; createdAt: Date; lastSentAt: Date | null }): PushDevice {
  return { id: row.id, name: describeDevice(row.userAgent || null).family, createdAt: row.createdAt, lastSentAt: row.lastSentAt };
}

/** The person's devices with push on, oldest first. */
export async function listPushDevices(userId: string): Promise<PushDevice[]> {
  const rows = await db.pushSubscription.findMany({
    where: { userId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, userAgent: true, createdAt: true, lastSentAt: true },
  });
  return rows.map(deviceOf);
}

/** Turns push off for one of the person's devices; another person's device is NOT_FOUND. */
export async function removePushDevice(userId: string, pushSubscriptionId: string, context: RequestContext): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.pushSubscription.deleteMany({ where: { id: pushSubscriptionId, userId } });
    if (count !== 1) throw new AppError("NOT_FOUND", REMOVED);
    await recordAuditEvent(tx, { action: "push_device.removed", userId, context, metadata: { pushSubscriptionId } });
  });
}

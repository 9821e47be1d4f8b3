import "server-only";
import type { Dispatcher } from "undici";
import { generateRequestDetails } from "web-push";
import { getVapidKeys } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { limit } from "@/lib/rate-limit/limit";
import { webhookDeliveryDispatcher } from "@/lib/webhooks/policy";
import { postWebhook, REFUSED_DESTINATION_REASON } from "@/lib/webhooks/send";
import { openKeys } from "./subscriptions";

// Sending Web Push (RFC 8030) with VAPID (RFC 8292) and an aes128gcm payload (RFC 8291):
// web-push builds the signed, encrypted request; it goes out through the webhooks' guarded
// dispatcher (lib/webhooks/policy.ts: public addresses only, checked at connect time), never
// web-push's own client. Nothing here reads a request or a session, so the job worker calls it
// as well as the settings page.

/** What the service worker (public/push-worker.js) shows. */
export type PushMessage = { title: string; body: string; url: string | null; tag: string };

/** A push service keeps an undelivered message this long: after a day the bell is the place for it. */
export const PUSH_TTL_SECONDS = 24 * 60 * 60;
/** How long one request to a push service may take. */
export const PUSH_TIMEOUT_MS = 10_000;
/**
 * The most a message may hold: push services take 4096 bytes of encrypted body, of which
 * aes128gcm's header, tag and padding delimiter use 103; a little is kept spare.
 */
export const PUSH_PAYLOAD_MAX_BYTES = 3_900;

/** A push service that could not take the message now (5xx, 429, no answer): try again later. */
export class PushServiceUnavailableError extends Error {}

type SubscriptionRow = { id: string; endpoint: string; keys: string };

/**
 * One subscription's answer: delivered; gone (the subscription is removed); refused for good
 * (the same request would get the same answer); or unavailable for now (5xx, 429, no answer).
 */
type PushOutcome = "sent" | "gone" | "refused" | "unavailable";

/** The message as JSON, its body cut short (with "…") when the whole would not fit in one push. */
export function pushPayload(message: PushMessage): string {
  const whole = JSON.stringify(message);
  if (Buffer.byteLength(whole) <= PUSH_PAYLOAD_MAX_BYTES) return whole;
  const characters = Array.from(message.body);
  const withBody = (kept: number) => JSON.stringify({ ...message, body: `${characters.slice(0, kept).join("")}…` });
  // The most characters of the body that fit (title and url are bounded well below the limit).
  let [fits, tooMany] = [0, characters.length];
  while (tooMany - fits > 1) {
    const middle = Math.floor((fits + tooMany) / 2);
    if (Buffer.byteLength(withBody(middle)) <= PUSH_PAYLOAD_MAX_BYTES) fits = middle;
    else tooMany = middle;
  }
  return withBody(fits);
}

async function pushToSubscription(subscription: SubscriptionRow, message: PushMessage, dispatcher: Dispatcher): Promise<PushOutcome> {
  const request = generateRequestDetails({ endpoint: subscription.endpoint, keys: openKeys(subscription.id, subscription.keys) }, pushPayload(message), {
    vapidDetails: getVapidKeys(),
    TTL: PUSH_TTL_SECONDS,
    contentEncoding: "aes128gcm",
  });
  // Lower-case names, each once; undici counts the body's length itself.
  const headers = Object.fromEntries(
    Object.entries(request.headers)
      .filter(([name]) => name.toLowerCase() !== "content-length")
      .map(([name, value]) => [name.toLowerCase(), String(value)]),
  );
  const attempt = await postWebhook({
    url: request.endpoint,
    body: request.body ?? "",
    headers: { ...headers, "user-agent": "Latchkey-Push/1" },
    dispatcher,
    timeoutMs: PUSH_TIMEOUT_MS,
  });
  if (attempt.ok) {
    await db.pushSubscription.updateMany({ where: { id: subscription.id }, data: { lastSentAt: new Date() } });
    return "sent";
  }
  // The browser unsubscribed or the subscription expired (RFC 8030 §7.3): it never comes back.
  if (attempt.status === 404 || attempt.status === 410) {
    await db.pushSubscription.deleteMany({ where: { id: subscription.id } });
    return "gone";
  }
  if (attempt.status === null && attempt.error === REFUSED_DESTINATION_REASON) return "refused";
  if (attempt.status === null || attempt.status === 429 || attempt.status >= 500) return "unavailable";
  // Any other answer (400, 401, 403, 413, a redirect) says the same the next time.
  return "refused";
}

function pushToAll(subscriptions: SubscriptionRow[], message: PushMessage, dispatcher: Dispatcher): Promise<PushOutcome[]> {
  return Promise.all(subscriptions.map((subscription) => pushToSubscription(subscription, message, dispatcher)));
}

const SUBSCRIPTION_COLUMNS = { id: true, endpoint: true, keys: true } as const;

/**
 * Sends one notification to every device of its person. "skipped": nothing to send to (no
 * device, or the notification is gone); "failed": no device took it and trying again would
 * not change that. A throw means "try again later"; the message's tag is the notification's
 * id, so a device that already has it replaces it instead of showing it twice.
 */
export async function deliverPushNotification(
  notificationId: string,
  { dispatcher = webhookDeliveryDispatcher() }: { dispatcher?: Dispatcher } = {},
): Promise<"sent" | "failed" | "skipped"> {
  const notification = await db.notification.findUnique({ where: { id: notificationId }, select: { userId: true, title: true, body: true, url: true } });
  if (!notification) return "skipped";
  const subscriptions = await db.pushSubscription.findMany({ where: { userId: notification.userId }, select: SUBSCRIPTION_COLUMNS });
  if (subscriptions.length === 0) return "skipped";
  const message: PushMessage = { title: notification.title, body: notification.body, url: notification.url, tag: `notification-${notificationId}` };
  const outcomes = await pushToAll(subscriptions, message, dispatcher);
  if (outcomes.includes("unavailable"))
    throw new PushServiceUnavailableError(`${outcomes.filter((outcome) => outcome === "unavailable").length} push service request(s) to try again`);
  return outcomes.includes("sent") ? "sent" : "failed";
}

export const TEST_PUSH_MESSAGE = {
  title: "Latchkey test notification",
  body: "Browser push works on this device.",
  url: "/settings/notifications",
  tag: "latchkey-test",
} as const satisfies PushMessage;

/** How many of the person's devices answered each way. */
export type TestPushResult = Record<PushOutcome, number>;

/** "Send test notification": the test message to every device of the person, at once, once. */
export async function sendTestPush(userId: string, { dispatcher = webhookDeliveryDispatcher() }: { dispatcher?: Dispatcher } = {}): Promise<TestPushResult> {
  await limit("push-tests:user", userId);
  const subscriptions = await db.pushSubscription.findMany({ where: { userId }, select: SUBSCRIPTION_COLUMNS });
  if (subscriptions.length === 0) throw new AppError("CONFLICT", "Turn on push on a device first.");
  const outcomes = await pushToAll(subscriptions, TEST_PUSH_MESSAGE, dispatcher);
  const count = (outcome: PushOutcome) => outcomes.filter((each) => each === outcome).length;
  return { sent: count("sent"), gone: count("gone"), refused: count("refused"), unavailable: count("unavailable") };
}

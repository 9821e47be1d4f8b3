// Browser push (docs/decisions/0026-browser-push.md), end to end against a push service on
// 127.0.0.1: Latchkey encrypts for the browser's keys and signs with VAPID; the service here
// decrypts with the browser's private key and verifies the JWT, as a real one would. Private
// and public addresses are only ever answered by a resolver written here, never connected to.
/** @see issue 11, "Browser push" */
import type { LookupAddress } from "node:dns";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { enablePushAction, removePushDeviceAction, sendTestPushAction } from "@/app/(settings)/settings/notifications/actions";
import { getVapidKeys } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { runDueJobs } from "@/lib/jobs/worker";
import { queueNotificationDeliveries } from "@/lib/notifications/deliver";
import { createNotification } from "@/lib/notifications/in-app";
import { deliverPushNotification, TEST_PUSH_MESSAGE } from "@/lib/push/send";
import { listPushDevices, openKeys } from "@/lib/push/subscriptions";
import { webhookDispatcher } from "@/lib/webhooks/destination";
import { decryptPushBody, startLocalPushService, verifyVapidAuthorization, type BrowserSubscription, type LocalPushService } from "../../fixtures/local-push-service";
import { createSignedInUser, testContext } from "../../fixtures/builders";
import { advanceClock } from "../../fixtures/clock";

// The development switch that lets webhooks and push reach this machine; set before the
// configuration is first read, and put back for the files that run after this one.
const previousSwitch = vi.hoisted(() => {
  const previous = process.env.WEBHOOKS_ALLOW_LOOPBACK;
  process.env.WEBHOOKS_ALLOW_LOOPBACK = "true";
  return previous;
});
afterAll(() => {
  if (previousSwitch === undefined) delete process.env.WEBHOOKS_ALLOW_LOOPBACK;
  else process.env.WEBHOOKS_ALLOW_LOOPBACK = previousSwitch;
});

const APP_ORIGIN = "http://localhost:3000";
const CHROME_ON_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

function fromBrowser(userAgent = CHROME_ON_MAC): Headers {
  return new Headers({ origin: APP_ORIGIN, host: "localhost:3000", "x-forwarded-for": testContext().ipAddress!, "user-agent": userAgent });
}

function subscriptionForm(subscription: Pick<BrowserSubscription, "endpoint" | "p256dh" | "auth">): FormData {
  const form = new FormData();
  form.set("endpoint", subscription.endpoint);
  form.set("p256dh", subscription.p256dh);
  form.set("auth", subscription.auth);
  return form;
}

async function signedInWithPush(service: LocalPushService, userAgent = CHROME_ON_MAC) {
  const user = await createSignedInUser();
  const browser = service.subscribe();
  const outcome = await enablePushAction.run({ headers: fromBrowser(userAgent), session: user.session }, subscriptionForm(browser));
  expect(outcome).toMatchObject({ ok: true });
  return { user, browser };
}

async function subscriptionRow(endpoint: string) {
  return db.pushSubscription.findUnique({ where: { endpoint } });
}

let service: LocalPushService;
beforeAll(async () => {
  service = await startLocalPushService();
});
afterAll(() => service.close());

describe("turning push on", () => {
  test("stores the subscription with its keys encrypted, and lists the device by browser and system", async () => {
    const { user, browser } = await signedInWithPush(service);
    const row = (await subscriptionRow(browser.endpoint))!;
    expect(row.userId).toBe(user.userId);
    // The browser's secrets are not in the row as they came; they open only for this row's id.
    expect(row.keys).not.toContain(browser.auth);
    expect(row.keys).not.toContain(browser.p256dh);
    expect(openKeys(row.id, row.keys)).toEqual({ p256dh: browser.p256dh, auth: browser.auth });
    expect(() => openKeys("another-row", row.keys)).toThrow();
    expect(await listPushDevices(user.userId)).toEqual([{ id: row.id, name: "Chrome on Mac OS", createdAt: row.createdAt, lastSentAt: null }]);
    const logged = await db.auditEvent.findMany({ where: { userId: user.userId, action: "push_device.added" } });
    expect(logged).toHaveLength(1);
  });

  test("the same browser again is one device: already on for its person, moved to whoever turns it on next", async () => {
    const { user, browser } = await signedInWithPush(service);
    const again = await enablePushAction.run({ headers: fromBrowser(), session: user.session }, subscriptionForm(browser));
    expect(again).toMatchObject({ ok: true, message: "Push is already on for this device (Chrome on Mac OS)." });
    const next = await createSignedInUser();
    const fresh = service.subscribe();
    const moved = await enablePushAction.run({ headers: fromBrowser(FIREFOX_ON_LINUX), session: next.session }, subscriptionForm({ ...fresh, endpoint: browser.endpoint }));
    expect(moved).toMatchObject({ ok: true, message: "Push is on for this device (Firefox on Linux)." });
    expect(await listPushDevices(user.userId)).toEqual([]);
    const row = (await subscriptionRow(browser.endpoint))!;
    expect(row.userId).toBe(next.userId);
    expect(openKeys(row.id, row.keys)).toEqual({ p256dh: fresh.p256dh, auth: fresh.auth });
  });

  test.each([
    ["plain http to a public host", { endpoint: "http://push.example.com/send/1" }],
    ["a private address literal", { endpoint: "https://10.0.0.1/send/1" }],
    ["credentials in the URL", { endpoint: "https://user:pass@push.example.com/send/1" }],
    ["not a URL", { endpoint: "push service" }],
    ["a public key that is not a P-256 point", { p256dh: Buffer.alloc(65, 1).toString("base64url") }],
    ["an auth secret of the wrong length", { auth: Buffer.alloc(15, 1).toString("base64url") }],
  ])("refuses %s and stores nothing", async (_case, override) => {
    const user = await createSignedInUser();
    const outcome = await enablePushAction.run({ headers: fromBrowser(), session: user.session }, subscriptionForm({ ...service.subscribe(), ...override }));
    expect(outcome).toMatchObject({ ok: false, code: "INVALID_INPUT", message: "This browser's push subscription can't be used. Try turning push on again." });
    expect(await db.pushSubscription.count({ where: { userId: user.userId } })).toBe(0);
  });

  test("removing: only the person's own device; another's is not found and stays", async () => {
    const { user, browser } = await signedInWithPush(service);
    const row = (await subscriptionRow(browser.endpoint))!;
    const stranger = await createSignedInUser();
    const refused = await removePushDeviceAction.run({ headers: fromBrowser(), session: stranger.session }, idForm(row.id));
    expect(refused).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await subscriptionRow(browser.endpoint)).not.toBeNull();
    const removed = await removePushDeviceAction.run({ headers: fromBrowser(), session: user.session }, idForm(row.id));
    expect(removed).toMatchObject({ ok: true });
    expect(await subscriptionRow(browser.endpoint)).toBeNull();
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "push_device.removed" } })).toBe(1);
  });
});

function idForm(pushSubscriptionId: string): FormData {
  const form = new FormData();
  form.set("pushSubscriptionId", pushSubscriptionId);
  return form;
}

describe("sending", () => {
  test("a notification reaches the push service encrypted for the browser, signed with VAPID", async () => {
    const { user, browser } = await signedInWithPush(service);
    const notification = await createNotification({
      userId: user.userId,
      category: "purchases",
      title: "Order shipped",
      body: "Your order 1042 is on its way.",
      url: "/settings/notifications",
    });
    expect(await deliverPushNotification(notification.id)).toBe("sent");
    const request = await service.nextRequest(browser.path);
    expect(request.headers["content-encoding"]).toBe("aes128gcm");
    expect(request.headers["content-type"]).toBe("application/octet-stream");
    expect(Number(request.headers.ttl)).toBe(24 * 60 * 60);
    // Nothing readable crosses the wire.
    expect(request.body.toString("latin1")).not.toContain("Order shipped");
    expect(JSON.parse(decryptPushBody(request.body, browser))).toEqual({
      title: "Order shipped",
      body: "Your order 1042 is on its way.",
      url: "/settings/notifications",
      tag: `notification-${notification.id}`,
    });
    const { publicKey, claims } = verifyVapidAuthorization(request.headers.authorization);
    const vapid = getVapidKeys();
    expect(publicKey).toBe(vapid.publicKey);
    expect(claims.aud).toBe(service.origin);
    expect(claims.sub).toBe(vapid.subject);
    const nowSeconds = Date.now() / 1000;
    expect(claims.exp).toBeGreaterThan(nowSeconds);
    expect(claims.exp).toBeLessThanOrEqual(nowSeconds + 24 * 60 * 60);
    // Another key pair's signature does not pass as this one.
    const [, token] = /t=([^,]+)/.exec(request.headers.authorization!)!;
    expect(() => verifyVapidAuthorization(`vapid t=${token}, k=${service.subscribe().p256dh}`)).toThrow("does not verify");
    expect((await subscriptionRow(browser.endpoint))!.lastSentAt).not.toBeNull();
  });

  test("a message too long for one push has its body cut short, and the push service takes it", async () => {
    const { user, browser } = await signedInWithPush(service);
    const url = `https://shop.example.com/orders/${"a".repeat(1900)}`;
    const notification = await createNotification({ userId: user.userId, category: "purchases", title: "Receipt", body: "é".repeat(2000), url });
    expect(await deliverPushNotification(notification.id)).toBe("sent");
    const request = await service.nextRequest(browser.path);
    expect(request.body.length).toBeLessThanOrEqual(4096);
    const message = JSON.parse(decryptPushBody(request.body, browser)) as { title: string; body: string; url: string };
    expect(message).toMatchObject({ title: "Receipt", url });
    expect(message.body).toMatch(/^é+…$/);
    // Cut to what fits, not shorter: about 1,900 bytes are left beside the title and the URL.
    expect(message.body.length).toBeGreaterThan(900);
    expect(message.body.length).toBeLessThan(2000);
  });

  test("every device of the person gets it; a person without devices is skipped", async () => {
    const { user, browser } = await signedInWithPush(service);
    const second = service.subscribe();
    await enablePushAction.run({ headers: fromBrowser(FIREFOX_ON_LINUX), session: user.session }, subscriptionForm(second));
    const notification = await createNotification({ userId: user.userId, category: "security", title: "New sign-in", body: "Someone signed in." });
    expect(await deliverPushNotification(notification.id)).toBe("sent");
    for (const each of [browser, second]) expect(JSON.parse(decryptPushBody((await service.nextRequest(each.path)).body, each))).toMatchObject({ title: "New sign-in", url: null });
    const alone = await createSignedInUser();
    const unheard = await createNotification({ userId: alone.userId, category: "security", title: "New sign-in", body: "Someone signed in." });
    expect(await deliverPushNotification(unheard.id)).toBe("skipped");
  });

  test.each([410, 404])("%i removes the subscription; the notification failed", async (status) => {
    const { user, browser } = await signedInWithPush(service);
    service.answer(browser.path, status);
    const notification = await createNotification({ userId: user.userId, category: "purchases", title: "Receipt", body: "Thanks." });
    expect(await deliverPushNotification(notification.id)).toBe("failed");
    expect(await subscriptionRow(browser.endpoint)).toBeNull();
  });

  test("500 throws, to be tried again later, and keeps the subscription", async () => {
    const { user, browser } = await signedInWithPush(service);
    service.answer(browser.path, 500);
    const notification = await createNotification({ userId: user.userId, category: "purchases", title: "Receipt", body: "Thanks." });
    await expect(deliverPushNotification(notification.id)).rejects.toThrow();
    expect(await subscriptionRow(browser.endpoint)).not.toBeNull();
    service.answer(browser.path, 201);
    expect(await deliverPushNotification(notification.id)).toBe("sent");
  });

  test("an endpoint whose name resolves to a private address is refused before anything connects", async () => {
    const user = await createSignedInUser();
    const browser = service.subscribe();
    const endpoint = "https://push.example.test/send/abc";
    expect(await enablePushAction.run({ headers: fromBrowser(), session: user.session }, subscriptionForm({ ...browser, endpoint }))).toMatchObject({ ok: true });
    const resolved: string[] = [];
    const privateAnswer = ((hostname: string, _options: unknown, callback: (error: null, addresses: LookupAddress[]) => void) => {
      resolved.push(hostname);
      callback(null, [{ address: "10.0.0.7", family: 4 }]);
    }) as never;
    const before = service.received.length;
    const notification = await createNotification({ userId: user.userId, category: "purchases", title: "Receipt", body: "Thanks." });
    // The development switch is on, and still only loopback is let through.
    const outcome = await deliverPushNotification(notification.id, { dispatcher: webhookDispatcher({ allowLoopback: true }, { resolve: privateAnswer }) });
    expect(outcome).toBe("failed");
    expect(resolved).toEqual(["push.example.test"]);
    expect(service.received.length).toBe(before);
    expect(await subscriptionRow(endpoint)).not.toBeNull();
  });

  test("Send test notification: the test message to each device, with what happened in words", async () => {
    const { user, browser } = await signedInWithPush(service);
    const gone = service.subscribe();
    await enablePushAction.run({ headers: fromBrowser(FIREFOX_ON_LINUX), session: user.session }, subscriptionForm(gone));
    service.answer(gone.path, 410);
    const outcome = await sendTestPushAction.run({ headers: fromBrowser(), session: user.session });
    expect(outcome).toMatchObject({ ok: true, message: "Test notification sent to 1 device. 1 device had turned push off and was removed." });
    expect(JSON.parse(decryptPushBody((await service.nextRequest(browser.path)).body, browser))).toEqual(TEST_PUSH_MESSAGE);
    service.answer(browser.path, 500);
    const failed = await sendTestPushAction.run({ headers: fromBrowser(), session: user.session });
    expect(failed).toMatchObject({ ok: false, message: "The test notification reached no device. The push service of 1 device didn't answer; try again in a moment." });
    const nobody = await createSignedInUser();
    expect(await sendTestPushAction.run({ headers: fromBrowser(), session: nobody.session })).toMatchObject({ ok: false, message: "Turn on push on a device first." });
  });
});

describe("the push.send job", () => {
  async function notifyByPush(userId: string) {
    const notification = await createNotification({ userId, category: "purchases", title: "Payment received", body: "Thank you." });
    await db.$transaction((tx) =>
      queueNotificationDeliveries(
        tx,
        { id: notification.id, userId, category: "purchases", title: "Payment received", body: "Thank you.", url: null, createdAt: new Date(), org: null },
        ["push"],
      ),
    );
    const pushState = async () =>
      (await db.notificationDelivery.findUniqueOrThrow({ where: { notificationId_channel: { notificationId: notification.id, channel: "push" } } })).state;
    const job = () => db.job.findFirst({ where: { kind: "push.send", payload: { contains: notification.id } } });
    return { notification, pushState, job };
  }

  test("queued with the notification, run by the worker: the device gets it and the push state says sent", async () => {
    const { user, browser } = await signedInWithPush(service);
    const { notification, pushState, job } = await notifyByPush(user.userId);
    expect(await pushState()).toBe("pending");
    await runDueJobs();
    expect(await job()).toBeNull();
    expect(await pushState()).toBe("sent");
    expect(JSON.parse(decryptPushBody((await service.nextRequest(browser.path)).body, browser))).toMatchObject({
      title: "Payment received",
      tag: `notification-${notification.id}`,
    });
  });

  test("a 500 is tried again after the first wait, and then delivered; a device gone before the job ran leaves nothing configured", async () => {
    const { user, browser } = await signedInWithPush(service);
    service.answer(browser.path, 500);
    const { pushState, job } = await notifyByPush(user.userId);
    await runDueJobs();
    expect(await job()).toMatchObject({ state: "queued", attempts: 1 });
    expect(await pushState()).toBe("pending");
    service.answer(browser.path, 201);
    advanceClock(6_001);
    await runDueJobs();
    expect(await job()).toBeNull();
    expect(await pushState()).toBe("sent");

    const removed = await notifyByPush(user.userId);
    await db.pushSubscription.deleteMany({ where: { userId: user.userId } });
    await runDueJobs();
    expect(await removed.pushState()).toBe("not_configured");
  });
});

// Browser push on /settings/notifications in real Chromium. Chromium cannot reach a real push
// service offline, so the one thing replaced is PushManager.prototype.subscribe: it hands back a
// subscription whose endpoint is the local push service of this test and whose keys the test
// made. The rest is real: the permission, the service worker's registration, the server action,
// Latchkey's encrypted and VAPID-signed request, and the test decrypting it as the browser would.
/** @see issue 11, "Browser push" */
import type { Page } from "@playwright/test";
import { describeDevice } from "../../lib/sessions/describe-device";
import { decryptPushBody, startLocalPushService, verifyVapidAuthorization, type BrowserSubscription, type LocalPushService } from "../fixtures/local-push-service";
import { expectNoSeriousViolations } from "./support/axe";
import { E2E_BASE_URL } from "./support/env";
import { expect, test } from "./support/fixtures";
import { gotoHydrated } from "./support/ui";

const PAGE = "/settings/notifications";
// Written out here rather than read from the code: what a person's device shows.
const TEST_MESSAGE = { title: "Latchkey test notification", body: "Browser push works on this device.", url: "/settings/notifications", tag: "latchkey-test" };

let service: LocalPushService;
test.beforeAll(async () => {
  service = await startLocalPushService();
});
test.afterAll(() => service.close());

/** The browser's push subscription becomes `subscription`; the permission is granted. */
async function withBrowserSubscription(page: Page, subscription: BrowserSubscription): Promise<void> {
  await page.context().grantPermissions(["notifications"], { origin: E2E_BASE_URL });
  await page.addInitScript(({ endpoint, p256dh, auth }) => {
    const bytes = (value: string) => Uint8Array.from(atob(value.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (value.length % 4)) % 4)), (c) => c.charCodeAt(0)).buffer;
    const keys: Record<string, ArrayBuffer> = { p256dh: bytes(p256dh), auth: bytes(auth) };
    PushManager.prototype.subscribe = async function () {
      return {
        endpoint,
        expirationTime: null,
        options: { userVisibleOnly: true, applicationServerKey: null },
        getKey: (name: string) => keys[name] ?? null,
        toJSON: () => ({ endpoint, expirationTime: null, keys: { p256dh, auth } }),
        unsubscribe: async () => true,
      } as unknown as PushSubscription;
    };
  }, subscription);
}

const enableButton = (page: Page) => page.getByRole("button", { name: "Enable push on this device" });
const pushSection = (page: Page) => page.getByRole("region", { name: "Browser push" });
const statusIn = (page: Page) => pushSection(page).getByRole("status").filter({ hasText: /\S/ });

test("enable push, see the device, send a test the push service decrypts, remove it with the keyboard", async ({ page, account, db }) => {
  const browser = service.subscribe();
  await withBrowserSubscription(page, browser);
  await gotoHydrated(page, PAGE);
  await expect(pushSection(page).getByText("No devices have push on yet.")).toBeVisible();
  await expectNoSeriousViolations(page, "notifications page, no push device");

  const device = describeDevice(await page.evaluate(() => navigator.userAgent)).family;
  await enableButton(page).click();
  await expect(statusIn(page).first()).toHaveText(`Push is on for this device (${device}).`);
  const devices = pushSection(page).getByRole("list", { name: "Devices with push on" });
  await expect(devices.getByRole("listitem")).toHaveCount(1);
  await expect(devices.getByRole("listitem")).toContainText(device);
  await expect(devices.getByRole("listitem")).toContainText("Added just now");
  expect(await db.pushSubscription.count({ where: { userId: account.user.id, endpoint: browser.endpoint } })).toBe(1);
  // The service worker is served as JavaScript from the root (its scope is the whole site, no
  // Service-Worker-Allowed needed) and the page's policy lets it register.
  const worker = await page.request.get("/push-worker.js");
  expect(worker.headers()["content-type"]).toMatch(/^(application|text)\/javascript/);
  const policy = (await page.request.get(PAGE)).headers()["content-security-policy"];
  expect(policy).toMatch(/worker-src 'self'/);
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration("/"))?.active?.scriptURL)).toBe(`${E2E_BASE_URL}/push-worker.js`);
  await expectNoSeriousViolations(page, "notifications page, one push device");

  await enableButton(page).click();
  await expect(statusIn(page).first()).toHaveText(`Push is already on for this device (${device}).`);
  await expect(devices.getByRole("listitem")).toHaveCount(1);

  await pushSection(page).getByRole("button", { name: "Send test notification" }).click();
  await expect(pushSection(page).getByRole("status").filter({ hasText: "Test notification sent" })).toHaveText("Test notification sent to 1 device.");
  const request = await service.nextRequest(browser.path);
  expect(JSON.parse(decryptPushBody(request.body, browser))).toEqual(TEST_MESSAGE);
  const { claims } = verifyVapidAuthorization(request.headers.authorization);
  expect(claims.aud).toBe(service.origin);
  expect(claims.sub).toBe("mailto:no-reply@localhost");

  // Remove, with the keyboard: the dialog opens on Cancel, so Enter alone removes nothing.
  const remove = pushSection(page).getByRole("button", { name: `Remove ${device}` });
  await remove.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: `Remove ${device}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await expectNoSeriousViolations(page, "remove push device dialog");
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "Remove" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(pushSection(page).getByText("No devices have push on yet.")).toBeVisible();
  expect(await db.pushSubscription.count({ where: { endpoint: browser.endpoint } })).toBe(0);
});

test("a browser without push is told so, and nothing is stored", async ({ page, account, db }) => {
  await page.addInitScript(() => {
    delete (window as { PushManager?: unknown }).PushManager;
  });
  await gotoHydrated(page, PAGE);
  await enableButton(page).click();
  await expect(pushSection(page).getByRole("alert")).toHaveText("This browser can't receive push notifications. Try a current version of Chrome, Edge, Firefox or Safari.");
  expect(await db.pushSubscription.count({ where: { userId: account.user.id } })).toBe(0);
});

test("without the permission, push stays off and the page says why", async ({ page, account, db }) => {
  await withBrowserSubscription(page, service.subscribe());
  await page.context().clearPermissions();
  await gotoHydrated(page, PAGE);
  // Not granted, so Chromium answers the permission request with "denied" and shows no prompt.
  expect(await page.evaluate(() => Notification.permission)).toBe("default");
  await enableButton(page).click();
  await expect(pushSection(page).getByRole("alert")).toHaveText("Push stays off: the browser wasn't allowed to show notifications.");
  // Asked again, the page says the site is blocked and where to change that.
  await enableButton(page).click();
  await expect(pushSection(page).getByRole("alert")).toHaveText("Notifications are blocked for this site. Allow them in your browser's site settings, then try again.");
  expect(await db.pushSubscription.count({ where: { userId: account.user.id } })).toBe(0);
});

test("at a phone's width and in dark mode, the section with a device fits and passes axe", async ({ page, account }) => {
  await withBrowserSubscription(page, service.subscribe());
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: "dark" });
  await gotoHydrated(page, PAGE);
  await enableButton(page).click();
  await expect(pushSection(page).getByRole("list", { name: "Devices with push on" }).getByRole("listitem")).toHaveCount(1);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectNoSeriousViolations(page, "notifications page with a push device, phone width, dark");
});

// Signed-in devices for the session, security-log and account specs: a session row with the
// user agent (and address) a real browser would have left, its cookie in a browser context
// that sends the same user agent, and the questions those specs ask about them.
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { createTestSession, sessionCookie } from "./builders";
import type { Db } from "./db";

export const DESKTOP_CHROME = {
  userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  /** lib/sessions/describe-device.ts's words for it. */
  summary: "Chrome 131 on Mac OS 10.15.7",
};
export const IPHONE = {
  userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  summary: "Mobile Safari 17 on iOS 17.5",
};
export const LINUX_FIREFOX = {
  userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
  summary: "Firefox 133 on Linux",
};

export type Device = typeof DESKTOP_CHROME;
export type DeviceSession = { sessionId: string; cookieValue: string };

/** A session row as a sign-in from this device makes it: its user agent and address. */
export async function createDeviceSession(db: Db, userId: string, device: Device, ipAddress = "192.0.2.44"): Promise<DeviceSession> {
  const { sessionId, cookieValue } = await createTestSession(db, userId, { ipAddress, userAgent: device.userAgent });
  return { sessionId, cookieValue };
}

/** Signs a context in as this device: the session row, and its cookie in the jar. */
export async function signInDevice(db: Db, context: BrowserContext, userId: string, device: Device): Promise<DeviceSession> {
  const session = await createDeviceSession(db, userId, device);
  await context.addCookies([sessionCookie(session.cookieValue)]);
  return session;
}

/** A new browser context that sends the device's user agent, signed in as the user; close it at the end. */
export async function openDevice(browser: Browser, db: Db, userId: string, device: Device, baseURL?: string) {
  const context = await browser.newContext({ userAgent: device.userAgent, ...(baseURL ? { baseURL } : {}) });
  const session = await signInDevice(db, context, userId, device);
  const page = await context.newPage();
  return { context, page, session };
}

/** The person's next navigation (a sidebar link) lands on the sign-in page: the session is over. */
export async function expectSentToLoginOnNextNavigation(page: Page, link = "Appearance"): Promise<void> {
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: link }).click();
  await expect(page).toHaveURL(/\/login(\?|$)/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
}

// /settings/activity, the security log (T-P3): what happened, when (relative, with the exact
// UTC time on hover), from where; filters in the URL; a CSV of exactly the filtered view; and
// "This wasn't me" on another device's sign-in, which signs every other session out.
import { readFile } from "node:fs/promises";
import type { Download, Page } from "@playwright/test";
import type { Db } from "./support/db";
import { DESKTOP_CHROME, IPHONE, expectSentToLoginOnNextNavigation, openDevice, signInDevice } from "./support/devices";
import { expect, test } from "./support/fixtures";
import { confirmStepUp, gotoHydrated, stepUpDialog } from "./support/ui";

// Several devices and server round trips per test: room for a busy machine (a run is ~1 min when idle).
test.describe.configure({ timeout: 60_000 });

test.use({ userAgent: DESKTOP_CHROME.userAgent });

function eventList(page: Page) {
  return page.getByRole("list", { name: "Security events" });
}

async function addEvent(db: Db, userId: string, action: string, createdAt: Date, extra: { metadata?: object; userAgent?: string; ipAddress?: string } = {}) {
  await db.auditEvent.create({
    data: {
      userId,
      action,
      createdAt,
      ipAddress: extra.ipAddress ?? "198.51.100.7",
      userAgent: extra.userAgent ?? DESKTOP_CHROME.userAgent,
      metadata: JSON.stringify(extra.metadata ?? {}),
    },
  });
}

/** "2024-03-02 12:00:00 UTC", as the <time> title shows it. */
function exactTime(date: Date): string {
  return `${date.toISOString().replace("T", " ").slice(0, 19)} UTC`;
}

/** The CSV rows (quoted fields, CRLF), without the header. */
async function csvRows(download: Download): Promise<string[][]> {
  const text = await readFile((await download.path())!, "utf8");
  const lines = text.split("\r\n");
  expect(lines.at(-1)).toBe("");
  const parse = (line: string) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((match) => match[1]!.replaceAll('""', '"'));
  expect(parse(lines[0]!)).toEqual(["Time (UTC)", "Event", "Description", "IP address", "Device"]);
  return lines.slice(1, -1).map(parse);
}

/** What the page lists: each entry's label and exact time (the <time> datetime). */
async function listedEvents(page: Page) {
  const items = eventList(page).getByRole("listitem");
  const result: { label: string; dateTime: string }[] = [];
  for (const item of await items.all()) {
    result.push({ label: (await item.locator("p").first().innerText()).trim(), dateTime: (await item.locator("time").getAttribute("datetime"))! });
  }
  return result;
}

test("events show a relative time with the exact time on hover; the filter form narrows them; the CSV matches what is listed", async ({ page, createUser, signIn, db }) => {
  const account = await createUser();
  await signIn(page.context(), account);
  const userId = account.user.id;
  const threeMinutesAgo = new Date(Date.now() - 3 * 60_000 - 5_000);
  await addEvent(db, userId, "user.signed_in", threeMinutesAgo, { ipAddress: "203.0.113.9" });
  await addEvent(db, userId, "user.password_changed", new Date("2024-03-02T12:00:00.000Z"));
  await addEvent(db, userId, "user.sign_in_failed", new Date("2024-03-02T08:15:30.000Z"));
  await addEvent(db, userId, "user.signed_in", new Date("2024-03-01T23:59:59.000Z"));
  await addEvent(db, userId, "two_factor.enabled", new Date("2024-03-05T10:00:00.000Z"));
  await addEvent(db, userId, "user.signed_out", new Date("2024-02-20T10:00:00.000Z"));
  // Someone else's events never show.
  const stranger = await createUser();
  await addEvent(db, stranger.user.id, "user.email_changed", new Date("2024-03-02T09:00:00.000Z"));

  await gotoHydrated(page, "/settings/activity");
  const items = eventList(page).getByRole("listitem");
  await expect(items).toHaveCount(6);
  const newest = items.nth(0);
  await expect(newest).toContainText("Signed in");
  await expect(newest).toContainText(`3 minutes ago · 203.0.113.9 · ${DESKTOP_CHROME.summary}`);
  const time = newest.locator("time");
  await expect(time).toHaveText("3 minutes ago");
  await expect(time).toHaveAttribute("title", exactTime(threeMinutesAgo));
  await expect(time).toHaveAttribute("datetime", threeMinutesAgo.toISOString());
  await time.hover();
  await expect(items.nth(3).locator("time")).toHaveAttribute("title", "2024-03-02 08:15:30 UTC");
  await expect(eventList(page)).not.toContainText("Email address changed");

  // Sign-in events between 1 and 3 March, through the form.
  await page.getByLabel("Event type").selectOption({ label: "Sign-in and sign-out" });
  await page.getByLabel("From").fill("2024-03-01");
  await page.getByLabel("To").fill("2024-03-03");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/\/settings\/activity\?type=sign-in&from=2024-03-01&to=2024-03-03$/);
  await expect(items).toHaveCount(2);
  expect(await listedEvents(page)).toEqual([
    { label: "Sign-in failed", dateTime: "2024-03-02T08:15:30.000Z" },
    { label: "Signed in", dateTime: "2024-03-01T23:59:59.000Z" },
  ]);
  // The form shows the filter it applied.
  await expect(page.getByLabel("Event type")).toHaveValue("sign-in");
  await expect(page.getByLabel("From")).toHaveValue("2024-03-01");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^latchkey-security-log-\d{4}-\d{2}-\d{2}\.csv$/);
  const rows = await csvRows(download);
  expect(rows.map(([timeUtc, , description]) => ({ label: description, dateTime: timeUtc }))).toEqual(await listedEvents(page));
  expect(rows.map((row) => row[1])).toEqual(["user.sign_in_failed", "user.signed_in"]);

  // A type alone: every sign-in event, whatever the date; the CSV again matches the page.
  await page.getByLabel("From").fill("");
  await page.getByLabel("To").fill("");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/\/settings\/activity\?type=sign-in&from=&to=$/);
  await expect(items).toHaveCount(4);
  const [allSignIns] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  expect((await csvRows(allSignIns)).map(([timeUtc, , description]) => ({ label: description, dateTime: timeUtc }))).toEqual(await listedEvents(page));

  // A filter that matches nothing says so.
  await page.getByLabel("Event type").selectOption({ label: "Email" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("No events match these filters.")).toBeVisible();
  await expect(eventList(page)).toHaveCount(0);
});

test("hostile filter values in the URL are ignored, not an error", async ({ page, account }) => {
  for (const query of [
    "type=foo&from=2024-13-99&to=9999-12-31&cursor=garbage",
    "from=0000-01-01",
    `cursor=${Buffer.from("+010000-01-01T00:00:00.000Z|x").toString("base64url")}`,
  ]) {
    const response = await page.goto(`/settings/activity?${query}`);
    expect(response?.status(), query).toBe(200);
    await expect(page.getByRole("heading", { name: "Security log", level: 1 })).toBeVisible();
    const csv = await page.request.get(`/settings/activity/export?${query}`);
    expect(csv.status(), query).toBe(200);
  }
  void account;
});

test("“This wasn't me” on another device's sign-in signs every other session out after a step-up", async ({ page, browser, createUser, db }) => {
  const account = await createUser();
  const userId = account.user.id;
  const desktop = await signInDevice(db, page.context(), userId, DESKTOP_CHROME);
  const iphone = await openDevice(browser, db, userId, IPHONE);
  await addEvent(db, userId, "user.signed_in", new Date(Date.now() - 60 * 60_000), { metadata: { method: "password", sessionId: desktop.sessionId } });
  await addEvent(db, userId, "user.signed_in", new Date(Date.now() - 10 * 60_000), {
    metadata: { method: "password", sessionId: iphone.session.sessionId },
    userAgent: IPHONE.userAgent,
    ipAddress: "203.0.113.50",
  });
  await iphone.page.goto("/settings/profile");
  await expect(iphone.page.getByRole("heading", { name: "Profile", level: 1 })).toBeVisible();

  await gotoHydrated(page, "/settings/activity");
  const items = eventList(page).getByRole("listitem");
  await expect(items).toHaveCount(2);
  // Only the other device's sign-in offers it; this session's own sign-in doesn't.
  await expect(items.nth(0)).toContainText(IPHONE.summary);
  await expect(items.nth(0).getByRole("button", { name: "This wasn't me" })).toBeVisible();
  await expect(items.nth(1).getByRole("button", { name: "This wasn't me" })).toHaveCount(0);

  await items.nth(0).getByRole("button", { name: "This wasn't me" }).click();
  await expect(stepUpDialog(page)).toBeVisible();
  expect(await db.session.count({ where: { userId } })).toBe(2);
  await confirmStepUp(page, { password: account.password });

  await expect(page).toHaveURL(/\/settings\/security\?secure=1$/);
  await expect(page.getByRole("main").getByRole("status").filter({ hasText: "Every other session was signed out." })).toContainText(
    "Now change your password and make sure two-factor authentication is on.",
  );
  expect(await db.session.findMany({ where: { userId }, select: { id: true } })).toEqual([{ id: desktop.sessionId }]);
  expect(await db.auditEvent.count({ where: { userId, action: "session.revoked" } })).toBe(1);

  await expectSentToLoginOnNextNavigation(iphone.page);
  // The log now shows the sign-out, and this device is still signed in.
  await page.goto("/settings/activity");
  await expect(items.nth(0)).toContainText("Session signed out");
  await iphone.context.close();
});

// Notifications: the matrix of categories × channels on /settings/notifications, the security
// email that cannot be turned off (neither in the page nor by a forged form), and the one-click
// unsubscribe link of a real email, which works signed out and only for its own category; the
// bell, and a notification sent through POST /api/v1/notifications reaching it.
/** @see issue 11, "Notifications" */
import type { Page } from "@playwright/test";
import { createTestApiKey } from "./support/api-keys";
import { expectNoSeriousViolations } from "./support/axe";
import type { Db } from "./support/db";
import { expect, test } from "./support/fixtures";
import { E2E_BASE_URL } from "./support/env";
import { mailSubjects } from "./support/mail";
import { gotoHydrated } from "./support/ui";

const PAGE = "/settings/notifications";
const LOCKED_REASON = "Always on: security alerts by email are how you learn that someone else is in your account, so they cannot be turned off.";
const LOCKED_REFUSAL = "Security alerts by email cannot be turned off: they are how you learn that someone else is in your account.";
const INVALID_LINK = "This unsubscribe link is not valid: it may have been cut or changed. Nothing was changed. Sign in to choose your notifications.";

const sw = (page: Page, name: string) => page.getByRole("switch", { name, exact: true });
const save = (page: Page) => page.getByRole("button", { name: "Save changes" });
const status = (page: Page) => page.getByRole("main").getByRole("status").filter({ hasText: /\S/ });

async function savedCells(db: Db, userId: string): Promise<string[]> {
  const rows = await db.notificationPreference.findMany({ where: { userId, enabled: true }, select: { category: true, channel: true } });
  return rows.map((row) => `${row.category}:${row.channel}`).sort();
}

test("the matrix starts with the defaults, is saved, and is there after a reload; with the keyboard too", async ({ page, account, db }) => {
  await gotoHydrated(page, PAGE);
  await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation").getByRole("link", { name: "Notifications" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("switch")).toHaveCount(18);
  await expect(sw(page, "Purchases: email")).toBeChecked();
  await expect(sw(page, "Agent checkpoints: browser push")).toBeChecked();
  await expect(sw(page, "Product updates and newsletter: email")).not.toBeChecked();
  await expect(sw(page, "Product updates and newsletter: webhook")).not.toBeChecked();

  await sw(page, "Purchases: email").click();
  await sw(page, "Product updates and newsletter: email").click();
  // The keyboard: focus a switch, Space toggles it, Enter on the button saves.
  await sw(page, "Organization activity: webhook").focus();
  await page.keyboard.press("Space");
  await expect(sw(page, "Organization activity: webhook")).not.toBeChecked();
  await save(page).focus();
  await page.keyboard.press("Enter");
  await expect(status(page)).toHaveText("Notification settings saved.");

  await page.reload();
  await expect(sw(page, "Purchases: email")).not.toBeChecked();
  await expect(sw(page, "Product updates and newsletter: email")).toBeChecked();
  await expect(sw(page, "Organization activity: webhook")).not.toBeChecked();
  await expect(sw(page, "Organization activity: email")).toBeChecked();
  const enabled = await savedCells(db, account.user.id);
  expect(enabled).toContain("product_updates:email");
  expect(enabled).not.toContain("purchases:email");
  expect(enabled).not.toContain("organization:webhook");
});

test("security email is shown on, disabled, with its reason; a forged form without it is refused and changes nothing", async ({ page, account, db }) => {
  await gotoHydrated(page, PAGE);
  const security = sw(page, "Security alerts: email");
  await expect(security).toBeChecked();
  await expect(security).toBeDisabled();
  await expect(security).toHaveAccessibleDescription(LOCKED_REASON);
  await expect(page.getByText(LOCKED_REASON)).toBeVisible();
  // The other security channels can be switched.
  await expect(sw(page, "Security alerts: browser push")).toBeEnabled();

  // A crafted form: the disabled switch enabled and unchecked, the hidden field that stands for it removed.
  await page.evaluate(() => {
    document.querySelector('input[type="hidden"][value="security:email"]')?.remove();
    const input = document.querySelector<HTMLInputElement>('input[role="switch"][value="security:email"]')!;
    input.disabled = false;
    input.checked = false;
    input.name = "enabled";
  });
  await sw(page, "Purchases: email").click();
  await save(page).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(LOCKED_REFUSAL);
  expect(await db.notificationPreference.count({ where: { userId: account.user.id } })).toBe(0);
});

test("the page has no serious accessibility violation, light and dark", async ({ page, account, db }) => {
  await gotoHydrated(page, PAGE);
  await expectNoSeriousViolations(page, PAGE);
  await page.emulateMedia({ colorScheme: "dark" });
  await expectNoSeriousViolations(page, `${PAGE} dark`);
  // A failed save shows its alert: checked too.
  await page.evaluate(() => document.querySelector('input[type="hidden"][value="security:email"]')?.remove());
  await save(page).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(LOCKED_REFUSAL);
  await expectNoSeriousViolations(page, `${PAGE} with an error`);
  expect(await db.notificationPreference.count({ where: { userId: account.user.id } })).toBe(0);
});

/** The List-Unsubscribe link of the newest mail to `to` with `subject`, as the outbox shows its headers. */
async function unsubscribeLinkOf(page: Page, db: Db, to: string, subject: string): Promise<string> {
  await expect.poll(() => db.outboxMessage.count({ where: { recipient: to, subject } })).toBeGreaterThan(0);
  const outbox = await page.context().newPage();
  try {
    await outbox.goto("/outbox");
    const article = outbox
      .getByRole("article", { name: subject, exact: true })
      .filter({ hasText: `To ${to} ·` })
      .first();
    const headers = article.getByRole("definition");
    await expect(article.getByRole("term")).toHaveText(["List-Unsubscribe:", "List-Unsubscribe-Post:"]);
    await expect(headers.nth(1)).toHaveText("List-Unsubscribe=One-Click");
    const value = (await headers.first().textContent()) ?? "";
    const link = /^<(http:\/\/[^>]+\/unsubscribe\/[A-Za-z0-9_.-]+)>$/.exec(value)?.[1];
    expect(link, value).toBeDefined();
    return link!;
  } finally {
    await outbox.close();
  }
}

test("the unsubscribe link of a real email works signed out, only for its category; one-click POST too", async ({ page, browser, account, createUser, signIn, db }) => {
  const alan = await createUser({ firstName: "Alan", lastName: "Turing" });
  const grace = await createUser({ firstName: "Grace", lastName: "Hopper" });
  for (const member of [alan, grace]) await db.membership.create({ data: { orgId: account.org.id, userId: member.user.id, role: "member" } });
  const subject = `Your role in ${account.org.name} changed`;

  // The Owner changes both roles: each gets an organization email.
  await gotoHydrated(page, "/settings/organization/members");
  const table = page.getByRole("table", { name: /^Members of/ });
  for (const name of ["Alan Turing", "Grace Hopper"]) {
    await table.getByRole("combobox", { name: `Role for ${name}` }).selectOption({ label: "Developer" });
    await table.getByRole("button", { name: `Save role for ${name}` }).click();
    await expect(page.getByText(`${name} is now Developer.`)).toBeVisible();
  }
  const alanLink = await unsubscribeLinkOf(page, db, alan.user.email, subject);
  const graceLink = await unsubscribeLinkOf(page, db, grace.user.email, subject);
  expect(alanLink).not.toBe(graceLink);

  const signedOut = await browser.newContext();
  try {
    // A mail scanner's GET changes nothing: it leads to the page with the button.
    const scanned = await signedOut.request.get(alanLink);
    expect(scanned.status()).toBe(200);
    expect(scanned.url()).toBe(`${alanLink}/confirm`);
    expect(await savedCells(db, alan.user.id)).toEqual([]);
    expect(await db.notificationPreference.count({ where: { userId: alan.user.id } })).toBe(0);

    // The same link with another category: refused, says so, changes nothing, on the page and by POST.
    const otherCategory = alanLink.replace(".organization.", ".purchases.");
    const alanPage = await signedOut.newPage();
    await alanPage.goto(otherCategory);
    await expect(alanPage.getByRole("main").getByRole("alert")).toHaveText(INVALID_LINK);
    await expect(alanPage.getByRole("button", { name: /Unsubscribe/ })).toHaveCount(0);
    const forgedPost = await signedOut.request.post(otherCategory, { form: { "List-Unsubscribe": "One-Click" }, maxRedirects: 0 });
    expect(forgedPost.status()).toBe(400);
    expect(await forgedPost.text()).toBe(INVALID_LINK);
    expect(await db.notificationPreference.count({ where: { userId: alan.user.id } })).toBe(0);

    // The real link, signed out: the page names the category, the button turns it off.
    await alanPage.goto(alanLink);
    await expect(alanPage).toHaveURL(`${alanLink}/confirm`);
    await alanPage.getByRole("button", { name: "Unsubscribe from Organization activity emails" }).click();
    await expect(alanPage.getByRole("main").getByRole("status").filter({ hasText: /\S/ })).toHaveText("Unsubscribed: you will no longer get Organization activity emails.");
    const alanRows = await db.notificationPreference.findMany({ where: { userId: alan.user.id }, select: { category: true, channel: true, enabled: true } });
    expect(alanRows).toEqual([{ category: "organization", channel: "email", enabled: false }]);

    // Grace's mail provider sends the RFC 8058 one-click POST, without cookies.
    const oneClick = await signedOut.request.post(graceLink, { form: { "List-Unsubscribe": "One-Click" }, maxRedirects: 0 });
    expect(oneClick.status()).toBe(200);
    expect(await oneClick.text()).toBe("Unsubscribed: you will no longer get Organization activity emails from Latchkey.");
    expect(await db.notificationPreference.findMany({ where: { userId: grace.user.id }, select: { category: true, channel: true, enabled: true } })).toEqual([
      { category: "organization", channel: "email", enabled: false },
    ]);
    await expectNoSeriousViolations(alanPage, "/unsubscribe");
  } finally {
    await signedOut.close();
  }

  // The next organization email to Alan is not sent.
  await table.getByRole("combobox", { name: "Role for Alan Turing" }).selectOption({ label: "Member" });
  await table.getByRole("button", { name: "Save role for Alan Turing" }).click();
  await expect(page.getByText("Alan Turing is now Member.")).toBeVisible();
  expect(await mailSubjects(db, alan.user.email)).toEqual([subject]);

  // And Alan's settings page shows it off, signed in.
  const alanSignedIn = await browser.newContext();
  try {
    await signIn(alanSignedIn, alan);
    const settings = await alanSignedIn.newPage();
    await gotoHydrated(settings, PAGE);
    await expect(sw(settings, "Organization activity: email")).not.toBeChecked();
    await expect(sw(settings, "Purchases: email")).toBeChecked();
  } finally {
    await alanSignedIn.close();
  }
});

test("the bell shows the unread count and the latest notifications; Mark all as read; keyboard, dark and phone", async ({ page, account, db }) => {
  const userId = account.user.id;
  const now = Date.now();
  await db.notification.createMany({
    data: [
      { userId, category: "purchases", title: "Receipt for order 1", body: "You paid 12.00 EUR.", url: "/settings/profile", createdAt: new Date(now - 3000) },
      { userId, category: "agent_checkpoints", title: "Agent waiting", body: "The deploy agent needs your approval.", url: "javascript:alert(1)", createdAt: new Date(now - 2000) },
      { userId, category: "organization", title: "Role changed", body: "You are now Admin.", createdAt: new Date(now - 1000) },
      { userId, category: "organization", title: "Old news", body: "Read long ago.", readAt: new Date(now - 500), createdAt: new Date(now - 60_000) },
    ],
  });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: "dark" });
  await gotoHydrated(page, "/settings/profile");
  const bell = page.getByRole("banner").getByRole("button", { name: "Notifications, 3 unread" });
  await expect(bell).toHaveAttribute("aria-expanded", "false");

  // The keyboard opens it; Escape closes it back to the button.
  await bell.focus();
  await page.keyboard.press("Enter");
  await expect(bell).toHaveAttribute("aria-expanded", "true");
  const latest = page.getByRole("list", { name: "Latest notifications" });
  await expect(latest.getByRole("listitem")).toHaveCount(4);
  await expect(latest.getByRole("listitem").first()).toContainText("Unread: Role changed");
  await expect(latest.getByRole("listitem").last()).toContainText("Old news");
  await expect(latest.getByRole("listitem").last()).not.toContainText("Unread:");
  await expect(latest.getByRole("link", { name: "Receipt for order 1" })).toHaveAttribute("href", "/settings/profile");
  // A link the page would not follow is shown as text.
  await expect(latest.getByRole("link", { name: "Agent waiting" })).toHaveCount(0);
  await expect(latest).toContainText("Agent waiting");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectNoSeriousViolations(page, "bell open, dark, phone");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Escape");
  await expect(bell).toHaveAttribute("aria-expanded", "false");
  await expect(bell).toBeFocused();

  await bell.click();
  await page.getByRole("button", { name: "Mark all as read" }).click();
  await expect(page.getByRole("banner").getByRole("status")).toHaveText("All notifications are marked as read.");
  await expect(page.getByRole("banner").getByRole("button", { name: "Notifications", exact: true })).toBeVisible();
  expect(await db.notification.count({ where: { userId, readAt: null } })).toBe(0);
  await page.reload();
  await expect(page.getByRole("banner").getByRole("button", { name: "Notifications", exact: true })).toBeVisible();
});

test("a notification the host product sends through the API is in the bell, with its link, and in the mail", async ({ page, request, account, db }) => {
  const { key } = await createTestApiKey(db, account.org.id, account.user.id, { description: "Shop" });
  const sent = await request.post(`${E2E_BASE_URL}/api/v1/notifications`, {
    headers: { authorization: `Bearer ${key}` },
    data: { recipient: { email: account.user.email }, category: "purchases", title: "Receipt for order 77", body: "You paid 9.00 EUR.", url: "/settings/profile" },
  });
  expect(sent.status()).toBe(202);
  await gotoHydrated(page, "/settings/notifications");
  await page.getByRole("banner").getByRole("button", { name: "Notifications, 1 unread" }).click();
  await expect(page.getByRole("list", { name: "Latest notifications" }).getByRole("link", { name: "Receipt for order 77" })).toHaveAttribute("href", "/settings/profile");
  await expect.poll(() => mailSubjects(db, account.user.email)).toContain("Receipt for order 77");
});

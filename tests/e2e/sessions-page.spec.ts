// /settings/sessions (T-F1, T-F4): every device signed in to the account, this one marked
// and first; signing another device out asks first, then for the password (step-up), and
// that device is sent to sign-in on its very next navigation.
import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { DESKTOP_CHROME, IPHONE, LINUX_FIREFOX, expectSentToLoginOnNextNavigation, openDevice, signInDevice } from "./support/devices";
import { confirmStepUp, gotoHydrated, stepUpDialog } from "./support/ui";

// Several devices and server round trips per test: room for a busy machine (a run is ~1 min when idle).
test.describe.configure({ timeout: 60_000 });

test.use({ userAgent: DESKTOP_CHROME.userAgent });

function sessionList(page: Page) {
  return page.getByRole("list", { name: "Signed-in sessions" });
}

test("two devices: each sees both with itself marked; the desktop signs the iPhone out after confirming and stepping up", async ({ page, browser, createUser, db }) => {
  const account = await createUser();
  const desktop = await signInDevice(db, page.context(), account.user.id, DESKTOP_CHROME);
  const iphone = await openDevice(browser, db, account.user.id, IPHONE);

  await gotoHydrated(page, "/settings/sessions");
  const rows = sessionList(page).getByRole("listitem");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText(DESKTOP_CHROME.summary);
  await expect(rows.nth(0)).toContainText("This device");
  await expect(rows.nth(0)).toContainText("Last active now");
  await expect(rows.nth(0).getByRole("button")).toHaveCount(0);
  await expect(rows.nth(1)).toContainText(IPHONE.summary);
  await expect(rows.nth(1)).toContainText("Mobile · 192.0.2.44 · Password");
  await expect(rows.nth(1)).not.toContainText("This device");

  // The iPhone sees the same two sessions, with itself marked.
  await iphone.page.goto("/settings/sessions");
  const iphoneRows = sessionList(iphone.page).getByRole("listitem");
  await expect(iphoneRows).toHaveCount(2);
  await expect(iphoneRows.nth(0)).toContainText(IPHONE.summary);
  await expect(iphoneRows.nth(0)).toContainText("This device");
  await expect(iphoneRows.nth(1)).toContainText(DESKTOP_CHROME.summary);
  await expect(iphoneRows.nth(1)).not.toContainText("This device");

  // Cancelling the confirmation does nothing.
  await page.getByRole("button", { name: `Sign out ${IPHONE.summary}` }).click();
  const confirm = page.getByRole("dialog", { name: "Sign out this session?" });
  await expect(confirm).toContainText(`${IPHONE.summary} will be signed out on its next request.`);
  // Cancel has the focus, so Enter does not sign anyone out by accident.
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  expect(await db.session.count({ where: { userId: account.user.id } })).toBe(2);

  await page.getByRole("button", { name: `Sign out ${IPHONE.summary}` }).click();
  await confirm.getByRole("button", { name: "Sign out" }).click();
  // Not elevated: the server asks who this is before anything happens.
  await expect(stepUpDialog(page)).toBeVisible();
  await expect(stepUpDialog(page).getByLabel("Password")).toBeFocused();
  expect(await db.session.count({ where: { userId: account.user.id } })).toBe(2);
  await confirmStepUp(page, { password: account.password });

  await expect(rows).toHaveCount(1);
  await expect(rows.nth(0)).toContainText("This device");
  await expect(page.getByText("This is the only device signed in to your account.")).toBeVisible();
  expect(await db.session.findMany({ where: { userId: account.user.id }, select: { id: true } })).toEqual([{ id: desktop.sessionId }]);
  const revoked = await db.auditEvent.findMany({ where: { userId: account.user.id, action: "session.revoked" }, select: { metadata: true } });
  expect(revoked.map((event) => JSON.parse(event.metadata))).toEqual([{ scope: "one", sessionId: iphone.session.sessionId }]);

  // The iPhone's next navigation ends on the sign-in page; the desktop carries on.
  await expectSentToLoginOnNextNavigation(iphone.page);
  await page.goto("/settings/sessions");
  await expect(rows).toHaveCount(1);
  await iphone.context.close();
});

test("“Sign out all other sessions” with three devices: a wrong password changes nothing, the right one ends both others", async ({ page, browser, createUser, db }) => {
  const account = await createUser();
  const desktop = await signInDevice(db, page.context(), account.user.id, DESKTOP_CHROME);
  const iphone = await openDevice(browser, db, account.user.id, IPHONE);
  const firefox = await openDevice(browser, db, account.user.id, LINUX_FIREFOX);
  for (const device of [iphone, firefox]) {
    await device.page.goto("/settings/sessions");
    await expect(sessionList(device.page).getByRole("listitem")).toHaveCount(3);
  }

  await gotoHydrated(page, "/settings/sessions");
  await expect(sessionList(page).getByRole("listitem")).toHaveCount(3);
  await page.getByRole("button", { name: "Sign out all other sessions" }).click();
  const confirm = page.getByRole("dialog", { name: "Sign out all other sessions?" });
  await expect(confirm).toContainText("2 other sessions will be signed out. This device stays signed in.");
  await confirm.getByRole("button", { name: "Sign out others" }).click();

  await confirmStepUp(page, { password: "Not-The-Password-1" });
  await expect(stepUpDialog(page).getByRole("alert")).toContainText("That password isn't right.");
  expect(await db.session.count({ where: { userId: account.user.id } })).toBe(3);
  await confirmStepUp(page, { password: account.password });

  await expect(sessionList(page).getByRole("listitem")).toHaveCount(1);
  await expect(page.getByText("This is the only device signed in to your account.")).toBeVisible();
  await expect(sessionList(page).getByRole("listitem")).toContainText("This device");
  expect(await db.session.findMany({ where: { userId: account.user.id }, select: { id: true } })).toEqual([{ id: desktop.sessionId }]);

  await expectSentToLoginOnNextNavigation(iphone.page);
  await expectSentToLoginOnNextNavigation(firefox.page, "Profile");
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Profile" }).click();
  await expect(page).toHaveURL(/\/settings\/profile$/);
  await iphone.context.close();
  await firefox.context.close();
});

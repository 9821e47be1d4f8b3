// A session is its database row: removing the row ends it on the next request, on any
// instance, and signing out removes it so the old cookie is worthless (ASVS 7.4.1).
import { SESSION_COOKIE } from "./support/env";
import { expect, test } from "./support/fixtures";
import { emailInput, signOutThroughUi } from "./support/ui";

test("a session deleted from the database ends on the next navigation", async ({ page, account, db }) => {
  await page.goto("/settings/profile");
  await expect(emailInput(page)).toHaveValue(account.user.email);

  // What another instance does when the person revokes this session elsewhere.
  const { count } = await db.session.deleteMany({ where: { userId: account.user.id } });
  expect(count).toBe(1);

  await page.getByRole("link", { name: "Appearance" }).click();
  await expect(page).toHaveURL(/\/login(\?|$)/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.goto("/settings/profile");
  await expect(page).toHaveURL(/\/login(\?|$)/);
});

test("signing out deletes the session, and its old cookie opens nothing", async ({ page, account, db, browser }) => {
  await page.goto("/settings/profile");
  expect(await db.session.count({ where: { userId: account.user.id } })).toBe(1);
  const cookie = (await page.context().cookies()).find((candidate) => candidate.name === SESSION_COOKIE);
  expect(cookie).toBeDefined();

  await signOutThroughUi(page);
  expect(await db.session.count({ where: { userId: account.user.id } })).toBe(0);
  expect((await page.context().cookies()).map((candidate) => candidate.name)).not.toContain(SESSION_COOKIE);
  expect(await db.auditEvent.count({ where: { userId: account.user.id, action: "user.signed_out" } })).toBe(1);

  // Someone who copied the cookie before sign-out replays it.
  const replay = await browser.newContext();
  await replay.addCookies([cookie!]);
  const replayPage = await replay.newPage();
  await replayPage.goto("/settings/profile");
  await expect(replayPage).toHaveURL(/\/login(\?|$)/);
  await expect(replayPage.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(replayPage.getByText(account.user.email)).toHaveCount(0);
  await replay.close();
});

test("signing out ends only that device's session", async ({ page, account, db, browser, signIn }) => {
  const laptop = await browser.newContext();
  await signIn(laptop, account);
  expect(await db.session.count({ where: { userId: account.user.id } })).toBe(2);

  await page.goto("/settings/profile");
  await signOutThroughUi(page);
  expect(await db.session.count({ where: { userId: account.user.id } })).toBe(1);

  const laptopPage = await laptop.newPage();
  await laptopPage.goto("/settings/profile");
  await expect(emailInput(laptopPage)).toHaveValue(account.user.email);
  await laptop.close();
});

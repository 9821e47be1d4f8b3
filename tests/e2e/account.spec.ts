// /settings/account and /settings/memberships (T-F1, T-N1, T-J3): download your data; revoke
// every session, this one included; delete the account (consequences, typed email, step-up),
// after which the old sign-in fails like any wrong password and the address can sign up
// again; and the last Owner of an organization is stopped, with a message, from leaving it or
// deleting the account while others depend on it.
import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { uniqueEmail } from "./support/builders";
import { SESSION_COOKIE } from "./support/env";
import { expect, test } from "./support/fixtures";
import { IPHONE, openDevice } from "./support/devices";
import { confirmStepUp, emailInput, formAlert, gotoHydrated, passwordInput, signUpThroughUi } from "./support/ui";

// Several devices and server round trips per test: room for a busy machine (a run is ~1 min when idle).
test.describe.configure({ timeout: 60_000 });

function deleteDialog(page: Page) {
  return page.getByRole("dialog", { name: "Delete your account?" });
}

test("“Download your data” asks to confirm it's you, then is a JSON attachment with the profile, and no credentials", async ({ page, account, db }) => {
  // A session that has not confirmed it's you gets no file, even asking for the URL directly
  // (issue 8, item 10: the download asked for no step-up).
  const direct = await page.request.get("/settings/account/export");
  expect(direct.status()).toBe(403);
  expect(await direct.text()).toBe("Confirm it's you first: open Settings → Account and choose “Download your data” again.");
  expect(direct.headers()["content-disposition"]).toBeUndefined();
  expect(await db.auditEvent.count({ where: { userId: account.user.id, action: "user.data_exported" } })).toBe(0);

  await gotoHydrated(page, "/settings/account");
  await page.getByRole("button", { name: "Download your data" }).click();
  const downloading = page.waitForEvent("download");
  await confirmStepUp(page, { password: account.password });
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^latchkey-data-\d{4}-\d{2}-\d{2}\.json$/);
  const text = await readFile((await download.path())!, "utf8");
  const data = JSON.parse(text);
  expect(data.profile).toMatchObject({ email: account.user.email, firstName: account.user.firstName, lastName: account.user.lastName, hasPassword: true });
  expect(data.memberships).toEqual([expect.objectContaining({ organization: account.org.name, role: "owner" })]);
  expect(data.sessions).toHaveLength(1);
  for (const forbidden of ["argon2", "Hash", "Ciphertext", account.password]) expect(text).not.toContain(forbidden);
  expect(await db.auditEvent.count({ where: { userId: account.user.id, action: "user.data_exported" } })).toBe(1);
});

test("“Revoke all sessions” signs out every device, this one included; the old cookie opens nothing", async ({ page, browser, account, db }) => {
  const iphone = await openDevice(browser, db, account.user.id, IPHONE);
  expect(await db.session.count({ where: { userId: account.user.id } })).toBe(2);
  await gotoHydrated(page, "/settings/account");
  const cookie = (await page.context().cookies()).find((candidate) => candidate.name === SESSION_COOKIE)!;

  await page.getByRole("button", { name: "Revoke all sessions" }).click();
  const confirm = page.getByRole("dialog", { name: "Revoke all sessions?" });
  await expect(confirm).toContainText("including this one");
  await confirm.getByRole("button", { name: "Revoke all" }).click();
  await confirmStepUp(page, { password: account.password });

  await expect(page).toHaveURL(/\/login$/);
  expect(await db.session.count({ where: { userId: account.user.id } })).toBe(0);
  expect(await db.auditEvent.count({ where: { userId: account.user.id, action: "session.revoked" } })).toBe(1);
  await page.goto("/settings/profile");
  await expect(page).toHaveURL(/\/login(\?|$)/);

  // Someone holding a copy of the old cookie gets nothing.
  const replay = await browser.newContext();
  await replay.addCookies([cookie]);
  const replayPage = await replay.newPage();
  await replayPage.goto("/settings/account");
  await expect(replayPage).toHaveURL(/\/login(\?|$)/);
  expect((await replayPage.request.get("/settings/account/export")).status()).toBe(401);
  await replay.close();
  await iphone.page.goto("/settings/profile");
  await expect(iphone.page).toHaveURL(/\/login(\?|$)/);
  await iphone.context.close();
});

test("deleting the account: consequences, exact email, step-up; then sign-in fails as usual and the address signs up again", async ({
  page,
  createUser,
  signIn,
  db,
  forgetAfterTest,
}) => {
  const email = uniqueEmail("leaving");
  const account = await createUser({ email });
  forgetAfterTest(email);
  await signIn(page.context(), account);
  // A second organization the person shares with an Owner who stays.
  const colleague = await createUser();
  await db.membership.create({ data: { orgId: colleague.org.id, userId: account.user.id, role: "member" } });

  await gotoHydrated(page, "/settings/account");
  await page.getByRole("button", { name: "Delete account" }).click();
  const dialog = deleteDialog(page);
  await expect(dialog).toBeVisible();
  const consequences = dialog.getByRole("listitem");
  await expect(consequences).toHaveText([
    "Your profile, sessions, two-factor settings and recovery codes are deleted, and every device is signed out.",
    `These organizations have no other members and are deleted too: ${account.org.name}.`,
    `You leave: ${colleague.org.name}. Their logs keep what happened, without your name.`,
    "This can't be undone.",
  ]);

  const confirmation = dialog.getByLabel(`Type ${email} to confirm`);
  const submit = dialog.getByRole("button", { name: "Delete my account" });
  await expect(submit).toBeDisabled();
  for (const almost of [email.toUpperCase(), ` ${email}`, email.slice(0, -1)]) {
    await confirmation.fill(almost);
    await expect(submit, almost).toBeDisabled();
  }
  await confirmation.fill(email);
  await expect(submit).toBeEnabled();
  await submit.click();

  await confirmStepUp(page, { password: account.password });
  await expect(page).toHaveURL(/\/login\?deleted=1$/);
  await expect(page.getByRole("status").filter({ hasText: "Your account was deleted." })).toBeVisible();
  expect(await db.user.count({ where: { email } })).toBe(0);
  expect(await db.organization.count({ where: { id: account.org.id } })).toBe(0);
  expect(await db.organization.count({ where: { id: colleague.org.id } })).toBe(1);
  expect(await db.membership.count({ where: { orgId: colleague.org.id } })).toBe(1);

  // The old password gets the same answer as any wrong one.
  await emailInput(page).fill(email);
  await passwordInput(page).fill(account.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(formAlert(page)).toHaveText("Email or password is incorrect.");
  await expect(page).toHaveURL(/\/login/);

  await signUpThroughUi(page, { firstName: "Ada", lastName: "Again", email, password: "Second-Life-Kettle-42" });
  await expect(page).toHaveURL(/\/settings\/profile$/);
  await expect(emailInput(page)).toHaveValue(email);
  await page.goto("/settings/memberships");
  await expect(page.getByRole("list", { name: "Your organizations" })).not.toContainText(colleague.org.name);
  await expect(page.getByRole("list", { name: "Your organizations" }).getByRole("listitem")).toHaveCount(1);
});

test("the only Owner of an organization with other members cannot delete the account, and is told why", async ({ page, account, createUser, db }) => {
  const member = await createUser();
  await db.membership.create({ data: { orgId: account.org.id, userId: member.user.id, role: "member" } });

  await gotoHydrated(page, "/settings/account");
  await expect(page.getByRole("main")).toContainText(
    `You are the only Owner of ${account.org.name}, which has other members. Make someone else Owner, or delete it, before you delete your account.`,
  );
  await expect(page.getByRole("button", { name: "Delete account" })).toBeDisabled();
  await expect(deleteDialog(page)).toHaveCount(0);
  expect(await db.user.count({ where: { id: account.user.id } })).toBe(1);
});

test("the last Owner cannot leave their organization; a plain member leaves another", async ({ page, account, createUser, db }) => {
  const other = await createUser();
  await db.membership.create({ data: { orgId: account.org.id, userId: other.user.id, role: "admin" } });
  await db.membership.create({ data: { orgId: other.org.id, userId: account.user.id, role: "member" } });

  await gotoHydrated(page, "/settings/memberships");
  const list = page.getByRole("list", { name: "Your organizations" });
  await expect(list.getByRole("listitem")).toHaveCount(2);
  const own = list.getByRole("listitem").filter({ hasText: account.org.name });
  await expect(own).toContainText("Owner · 2 members");

  await page.getByRole("button", { name: `Leave ${account.org.name}` }).click();
  const confirm = page.getByRole("dialog", { name: `Leave ${account.org.name}?` });
  await confirm.getByRole("button", { name: "Leave" }).click();
  await expect(own.getByRole("alert")).toHaveText(`You are the only Owner of ${account.org.name}. Make someone else Owner, or delete the organization, before you leave.`);
  expect(await db.membership.count({ where: { orgId: account.org.id, userId: account.user.id, role: "owner" } })).toBe(1);

  await page.getByRole("button", { name: `Leave ${other.org.name}` }).click();
  await page
    .getByRole("dialog", { name: `Leave ${other.org.name}?` })
    .getByRole("button", { name: "Leave" })
    .click();
  await expect(list.getByRole("listitem")).toHaveCount(1);
  await expect(list).not.toContainText(other.org.name);
  expect(await db.membership.count({ where: { orgId: other.org.id, userId: account.user.id } })).toBe(0);
  expect(await db.auditEvent.count({ where: { orgId: other.org.id, userId: account.user.id, action: "membership.left" } })).toBe(1);
});

test("the security checkup scores the account and lists what to do", async ({ page, account, db }) => {
  const card = page.getByRole("region", { name: "Security checkup" });
  const score = async () => Number(await card.getByRole("progressbar", { name: "Security score" }).getAttribute("aria-valuenow"));
  const todo = card.getByRole("list", { name: "What to do" });
  await gotoHydrated(page, "/settings/security");
  // Verified email and a recent password count; two-factor authentication is still to do.
  await expect(todo.getByRole("link", { name: "Turn on two-factor authentication" })).toHaveAttribute("href", "/settings/security#two-factor-heading");
  await expect(todo).not.toContainText("Verify your email address");
  await expect(todo).not.toContainText("Your password is over a year old");
  const before = await score();
  expect(before).toBeGreaterThan(0);
  expect(before).toBeLessThan(100);
  await expect(card).toContainText(`${before} / 100`);

  // A password over a year old and an unverified address join the list, and the score drops.
  await db.user.update({ where: { id: account.user.id }, data: { passwordChangedAt: new Date(Date.now() - 400 * 24 * 60 * 60_000), emailVerifiedAt: null } });
  await page.reload();
  await expect(todo.getByRole("link", { name: "Your password is over a year old" })).toHaveAttribute("href", "/settings/security#password-heading");
  await expect(todo.getByRole("link", { name: "Verify your email address" })).toHaveAttribute("href", "/settings/profile");
  expect(await score()).toBeLessThan(before);
});

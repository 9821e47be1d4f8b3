// The organization scope in a browser: the switcher, details, ownership transfer between two
// browsers, leaving and deleting.
import type { Page } from "@playwright/test";
import { createTestSession, sessionCookie, type TestAccount } from "./support/builders";
import type { Db } from "./support/db";
import { expect, test } from "./support/fixtures";
import { mailSubjects } from "./support/mail";
import { confirmStepUp, gotoHydrated } from "./support/ui";
import { expectNoSeriousViolations } from "./support/axe";

/** Adds `account` to another account's organization with a role, and points its sessions' switcher there. */
async function joinAs(db: Db, account: TestAccount, orgId: string, role: string): Promise<void> {
  await db.membership.create({ data: { orgId, userId: account.user.id, role } });
  await db.session.updateMany({ where: { userId: account.user.id }, data: { currentOrgId: orgId } });
}

const switcher = (page: Page) => page.getByRole("button", { name: /^Organization: / });

test("creates an organization from the switcher and switches between organizations", async ({ page, account }) => {
  test.slow(); // An axe scan and three organization switches.
  await gotoHydrated(page, "/settings/profile");
  await expect(switcher(page)).toContainText(account.org.name);
  await switcher(page).click();
  const menu = page.getByRole("menu", { name: "Organizations" });
  await expect(menu.getByRole("menuitemradio", { name: new RegExp(account.org.name) })).toHaveAttribute("aria-checked", "true");
  await expectNoSeriousViolations(page, "switcher open");
  await menu.getByRole("menuitem", { name: "Create organization" }).click();
  const dialog = page.getByRole("dialog", { name: "Create organization" });
  await dialog.getByLabel("Organization name").fill("Globex Research");
  await dialog.getByLabel("Country").selectOption({ label: "Germany" });
  await dialog.getByRole("button", { name: "Create organization" }).click();

  await expect(page).toHaveURL(/\/settings\/organization\?notice=created$/);
  await expect(page.getByRole("status").filter({ hasText: "Organization created. You are its Owner." })).toBeVisible();
  await expect(switcher(page)).toContainText("Globex Research");
  await expect(page.getByLabel("Country")).toHaveValue("DE");

  // Back to the first organization with the keyboard; the choice survives a reload.
  await switcher(page).focus();
  await page.keyboard.press("ArrowDown");
  const first = page.getByRole("menuitemradio", { name: new RegExp(account.org.name) });
  await expect(page.getByRole("menuitemradio", { name: /Globex Research/ })).toBeFocused();
  await first.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Organization name")).toHaveValue(account.org.name);
  await page.reload();
  await expect(switcher(page)).toContainText(account.org.name);
  await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Audit log" })).toBeVisible();
});

test("Owners edit the details; Members see them read-only and fewer pages", async ({ page, browser, account, createUser, db, signIn }) => {
  test.slow(); // Two browsers and two axe scans.
  await gotoHydrated(page, "/settings/organization");
  const slug = `acme-${Date.now().toString(36)}`;
  await page.getByLabel("Organization name").fill("Acme Rockets");
  await page.getByLabel("Country").selectOption({ label: "Japan" });
  await page.getByLabel("Slug").fill("Not a slug");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Use lowercase letters, digits and single hyphens, like acme-labs.")).toBeVisible();
  await page.getByLabel("Slug").fill(slug);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Organization saved." })).toBeVisible();
  await expect(switcher(page)).toContainText("Acme Rockets");
  expect(await db.organization.findUniqueOrThrow({ where: { id: account.org.id }, select: { name: true, country: true, slug: true } })).toEqual({
    name: "Acme Rockets",
    country: "JP",
    slug,
  });
  await expectNoSeriousViolations(page, "organization page, Owner");

  const colleague = await createUser({ firstName: "Max" });
  const context = await browser.newContext();
  await signIn(context, colleague);
  await joinAs(db, colleague, account.org.id, "member");
  const memberPage = await context.newPage();
  await gotoHydrated(memberPage, "/settings/organization");
  await expect(memberPage.getByText("Only Owners and Admins can change these details.")).toBeVisible();
  await expect(memberPage.getByLabel("Organization name")).toHaveJSProperty("readOnly", true);
  await expect(memberPage.getByLabel("Country")).toBeDisabled();
  await expect(memberPage.getByRole("button", { name: "Save" })).toHaveCount(0);
  const nav = memberPage.getByRole("navigation", { name: "Settings" });
  await expect(nav.getByRole("link", { name: "Members" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  expect((await memberPage.goto("/settings/organization/audit-log"))?.status()).toBe(404);
  await gotoHydrated(memberPage, "/settings/organization");
  await expectNoSeriousViolations(memberPage, "organization page, Member");
  await context.close();
});

test("an ownership transfer changes nothing until the recipient accepts it in their browser", async ({ page, browser, account, createUser, db }) => {
  const recipient = await createUser({ firstName: "Rosa", lastName: "Parks" });
  await db.membership.create({ data: { orgId: account.org.id, userId: recipient.user.id, role: "member" } });
  await gotoHydrated(page, "/settings/organization");
  await page.getByLabel("New owner").selectOption({ label: `Rosa Parks (${recipient.user.email})` });
  await page.getByRole("button", { name: "Transfer ownership" }).click();
  await confirmStepUp(page, { password: account.password });
  await expect(page.getByText("Waiting for Rosa Parks")).toBeVisible();
  expect(await db.membership.findMany({ where: { orgId: account.org.id }, orderBy: { role: "asc" }, select: { role: true } })).toEqual([{ role: "member" }, { role: "owner" }]);
  await expect.poll(() => mailSubjects(db, recipient.user.email)).toContain(`Ada Lovelace wants to make you the Owner of ${account.org.name}`);

  const context = await browser.newContext();
  const session = await createTestSession(db, recipient.user.id);
  await context.addCookies([sessionCookie(session.cookieValue)]);
  const recipientPage = await context.newPage();
  await gotoHydrated(recipientPage, "/settings/profile");
  const banner = recipientPage.getByRole("region", { name: `Ownership of ${account.org.name}` });
  await expect(banner).toContainText("Ada Lovelace wants to make you the Owner");
  await banner.getByRole("button", { name: "Accept ownership" }).click();
  await expect(recipientPage).toHaveURL(/\/settings\/organization\?notice=owner$/);
  await expect(recipientPage.getByRole("status").filter({ hasText: "You are now an Owner of this organization." })).toBeVisible();
  await expect(recipientPage.getByRole("region", { name: `Ownership of ${account.org.name}` })).toHaveCount(0);
  const roles = await db.membership.findMany({ where: { orgId: account.org.id }, select: { userId: true, role: true } });
  expect(Object.fromEntries(roles.map((row) => [row.userId, row.role]))).toEqual({ [account.user.id]: "admin", [recipient.user.id]: "owner" });
  await context.close();
});

test("the last Owner cannot leave; an Owner deletes the organization after typing its slug", async ({ page, account, db }) => {
  test.slow(); // A step-up and an axe scan.
  const { slug } = await db.organization.findUniqueOrThrow({ where: { id: account.org.id }, select: { slug: true } });
  await db.company.create({ data: { orgId: account.org.id, name: "Branch office" } });
  await gotoHydrated(page, "/settings/organization");
  await expect(page.getByText(`You are the only Owner of ${account.org.name}, so you can't leave it.`)).toBeVisible();
  await expect(page.getByRole("button", { name: `Leave ${account.org.name}` })).toHaveCount(0);

  await page.getByRole("button", { name: "Delete organization" }).click();
  const dialog = page.getByRole("dialog", { name: `Delete ${account.org.name}?` });
  await expect(dialog).toContainText("1 member lose access to it, you included.");
  await expect(dialog).toContainText("1 company, the custom roles and the audit log are deleted.");
  await expect(dialog.getByRole("button", { name: "Delete organization" })).toBeDisabled();
  await dialog.getByLabel(`Type ${slug} to confirm`).fill(slug);
  await dialog.getByRole("button", { name: "Delete organization" }).click();
  await confirmStepUp(page, { password: account.password });
  await expect(page).toHaveURL(/\/settings\/organization\?notice=deleted$/);
  await expect(page.getByRole("status").filter({ hasText: "Organization deleted." })).toBeVisible();
  await expect(page.getByRole("heading", { name: "You don't belong to any organization" })).toBeVisible();
  await expect(switcher(page)).toContainText("No organization");
  expect(await db.organization.count({ where: { id: account.org.id } })).toBe(0);
  await expectNoSeriousViolations(page, "organization page, no organization");
});

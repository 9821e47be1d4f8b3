// Roles, companies and the organization audit log in a browser (issue 9): a custom role made in
// the "New role" dialog and given to a member opens exactly the pages its permissions allow,
// and an edit takes them away on the next request; a role in use is not deleted; companies are
// created, renamed and deleted; the audit log lists the events with filters and a CSV of the
// filtered view; axe on the three pages in light and dark.
import { readFile } from "node:fs/promises";
import type { Browser, Download, Page } from "@playwright/test";
import { createTestSession, sessionCookie, type TestAccount } from "./support/builders";
import type { Db } from "./support/db";
import { expect, test } from "./support/fixtures";
import { gotoHydrated } from "./support/ui";
import { expectNoSeriousViolations } from "./support/axe";

// Several browsers and axe scans per test: room for a busy machine.
test.describe.configure({ timeout: 120_000 });

const ROLES = "/settings/organization/roles";
const COMPANIES = "/settings/organization/companies";
const AUDIT_LOG = "/settings/organization/audit-log";

/** A browser signed in as `account`, its switcher on `orgId`. */
async function browserOf(browser: Browser, db: Db, account: TestAccount, orgId: string) {
  const context = await browser.newContext();
  const session = await createTestSession(db, account.user.id);
  await db.session.update({ where: { id: session.sessionId }, data: { currentOrgId: orgId } });
  await context.addCookies([sessionCookie(session.cookieValue)]);
  return { context, page: await context.newPage() };
}

/** The status code of a page load. */
async function statusOf(page: Page, path: string): Promise<number | undefined> {
  return (await page.goto(path))?.status();
}

/** The CSV rows (quoted fields, CRLF), header first. */
async function csvRows(download: Download): Promise<string[][]> {
  const text = await readFile((await download.path())!, "utf8");
  const lines = text.split("\r\n");
  expect(lines.at(-1)).toBe("");
  return lines.slice(0, -1).map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((match) => match[1]!.replaceAll('""', '"')));
}

test("a custom role from the dialog, given to a member, opens exactly what it grants; editing it narrows them at once; a role in use stays", async ({
  page,
  browser,
  account,
  createUser,
  db,
}) => {
  await gotoHydrated(page, ROLES);
  const matrix = page.getByRole("table");
  await expect(matrix.getByRole("columnheader")).toHaveCount(5);
  await expect(matrix.getByRole("columnheader", { name: /^Owner Built-in/ })).toBeVisible();
  const auditRow = matrix.getByRole("row", { name: /See the organization audit log/ });
  await expect(auditRow.getByRole("cell")).toHaveText(["Yes", "Yes", "No", "No"]);

  await page.getByRole("button", { name: "New role" }).click();
  const dialog = page.getByRole("dialog", { name: "New role" });
  // Only Owners are Owners: the permission is not offered.
  await expect(dialog.getByRole("checkbox")).toHaveCount(11);
  await expect(dialog.getByLabel(/Make or remove Owners/)).toHaveCount(0);
  await dialog.getByLabel("Name", { exact: true }).fill("Auditor");
  await dialog.getByLabel(/^Description/).fill("Reads the audit log");
  await dialog.getByLabel("See the organization audit log").check();
  await dialog.getByRole("button", { name: "Create role" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Role “Auditor” created." })).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(matrix.getByRole("columnheader", { name: /^Auditor Custom Reads the audit log/ })).toBeVisible();
  await expect(auditRow.getByRole("cell").nth(4)).toHaveText("Yes");
  await expect(
    matrix
      .getByRole("row", { name: /Edit organization details/ })
      .getByRole("cell")
      .nth(4),
  ).toHaveText("No");

  // Given to a member (the members page assigns roles; here the row is written directly).
  const role = await db.role.findFirstOrThrow({ where: { orgId: account.org.id, name: "Auditor" } });
  const auditor = await createUser({ firstName: "Ida", lastName: "Auditor" });
  const membership = await db.membership.create({ data: { orgId: account.org.id, userId: auditor.user.id, role: role.id } });
  const clerk = await createUser({ firstName: "Carl", lastName: "Clerk" });
  await db.membership.create({ data: { orgId: account.org.id, userId: clerk.user.id, role: "member" } });

  const auditorBrowser = await browserOf(browser, db, auditor, account.org.id);
  const clerkBrowser = await browserOf(browser, db, clerk, account.org.id);
  expect(await statusOf(auditorBrowser.page, AUDIT_LOG)).toBe(200);
  await expect(auditorBrowser.page.getByRole("list", { name: "Audit events" })).toContainText("Custom role created · Auditor");
  // Everyone reads the roles page; only roles.manage sees its buttons.
  expect(await statusOf(auditorBrowser.page, ROLES)).toBe(200);
  await expect(auditorBrowser.page.getByRole("button", { name: "New role" })).toHaveCount(0);
  await expect(auditorBrowser.page.getByRole("button", { name: "Edit role Auditor" })).toHaveCount(0);
  // Their Organizations page names the custom role.
  await auditorBrowser.page.goto("/settings/memberships");
  await expect(auditorBrowser.page.getByRole("list", { name: "Your organizations" }).getByRole("listitem").filter({ hasText: account.org.name })).toContainText(
    "Auditor · 3 members",
  );
  expect(await statusOf(clerkBrowser.page, AUDIT_LOG)).toBe(404);
  expect((await clerkBrowser.page.request.get(`${AUDIT_LOG}/export`)).status()).toBe(404);

  // The Owner edits the role: the audit log closes for its member on their next request.
  await page.getByRole("button", { name: "Edit role Auditor" }).click();
  const editDialog = page.getByRole("dialog", { name: "Edit role Auditor" });
  await expect(editDialog.getByLabel("See the organization audit log")).toBeChecked();
  await editDialog.getByLabel("See the organization audit log").uncheck();
  await editDialog.getByLabel("Create, rename and delete companies").check();
  await editDialog.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Role “Auditor” saved." })).toBeVisible();
  expect(await statusOf(auditorBrowser.page, AUDIT_LOG)).toBe(404);
  expect((await auditorBrowser.page.request.get(`${AUDIT_LOG}/export`)).status()).toBe(404);
  await auditorBrowser.page.goto(COMPANIES);
  await expect(auditorBrowser.page.getByLabel("Company name")).toBeVisible();

  // In use: the delete is refused with what to do.
  await page.getByRole("button", { name: "Delete role Auditor" }).click();
  await page.getByRole("dialog", { name: "Delete role Auditor?" }).getByRole("button", { name: "Delete role" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("1 member holds “Auditor”. Give them another role first.");
  await db.membership.update({ where: { id: membership.id }, data: { role: "member" } });
  await page.getByRole("button", { name: "Delete role Auditor" }).click();
  await page.getByRole("dialog", { name: "Delete role Auditor?" }).getByRole("button", { name: "Delete role" }).click();
  await expect(page.getByText("No custom roles yet.")).toBeVisible();
  await expect(matrix.getByRole("columnheader")).toHaveCount(5);

  await auditorBrowser.context.close();
  await clerkBrowser.context.close();
});

test("companies: create, a taken name refused, rename in place, delete after a confirmation", async ({ page, account }) => {
  await gotoHydrated(page, COMPANIES);
  await expect(page.getByText("No companies yet")).toBeVisible();
  await page.getByLabel("Company name").fill("Acme");
  await page.getByRole("button", { name: "Create company" }).click();
  const list = page.getByRole("list", { name: "Companies" });
  await expect(list.getByRole("listitem")).toHaveCount(1);
  await expect(list.getByRole("listitem").first()).toContainText("Acme");
  await expect(list.getByRole("listitem").first()).toContainText("1 member has access");
  await expect(page.getByLabel("Company name")).toHaveValue("");

  await page.getByLabel("Company name").fill("ACME");
  await page.getByRole("button", { name: "Create company" }).click();
  await expect(page.getByText("A company with that name already exists. Choose another.")).toBeVisible();
  await expect(page.getByLabel("Company name")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Company name")).toHaveValue("ACME");

  await page.getByRole("button", { name: "Rename Acme" }).click();
  await page.getByLabel("New name for Acme").fill("Acme Stores");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(list.getByRole("listitem").first()).toContainText("Acme Stores");

  await page.getByRole("button", { name: "Delete Acme Stores" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete Acme Stores?" });
  await expect(confirm).toContainText("they keep access to the other companies they can reach");
  await confirm.getByRole("button", { name: "Delete company" }).click();
  await expect(page.getByText("No companies yet")).toBeVisible();
  void account;
});

test("the audit log lists the organization's events; the filters narrow them; the CSV is the filtered view", async ({ page, account, createUser, db }) => {
  const admin = await createUser({ firstName: "Alan", lastName: "Admin" });
  await db.membership.create({ data: { orgId: account.org.id, userId: admin.user.id, role: "admin" } });
  const orgId = account.org.id;
  const add = (userId: string | null, action: string, createdAt: string, metadata: object) =>
    db.auditEvent.create({ data: { orgId, userId, action, createdAt: new Date(createdAt), ipAddress: "198.51.100.7", metadata: JSON.stringify(metadata) } });
  await add(account.user.id, "company.created", "2025-04-01T10:00:00.000Z", { companyName: "Acme" });
  await add(admin.user.id, "role.created", "2025-04-02T10:00:00.000Z", { roleName: "Billing", permissions: "audit_log.view" });
  await add(admin.user.id, "invitation.sent", "2025-04-03T10:00:00.000Z", { targetEmail: "new@example.com", roleName: "Member" });
  await add(null, "member.removed", "2025-04-04T10:00:00.000Z", { targetEmail: "gone@example.com", targetName: "Gone Person", roleName: "Developer" });
  // Another organization's event never shows.
  const stranger = await createUser();
  await db.auditEvent.create({ data: { orgId: stranger.org.id, userId: stranger.user.id, action: "company.created", metadata: JSON.stringify({ companyName: "Secret Co" }) } });

  await gotoHydrated(page, AUDIT_LOG);
  const events = page.getByRole("list", { name: "Audit events" }).getByRole("listitem");
  await expect(events).toHaveCount(4);
  await expect(events.nth(0)).toContainText("Member removed · Gone Person (gone@example.com)");
  await expect(events.nth(0)).toContainText("By Deleted user");
  await expect(events.nth(0)).toContainText("198.51.100.7");
  await expect(events.nth(2)).toContainText("Custom role created · Billing");
  await expect(events.nth(2)).toContainText(`By Alan Admin (${admin.user.email})`);
  await expect(page.getByRole("list", { name: "Audit events" })).not.toContainText("Secret Co");

  await page.getByLabel("Actor").selectOption({ label: `Alan Admin (${admin.user.email})` });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(events).toHaveCount(2);
  await page.getByLabel("Event type").selectOption({ label: "Roles" });
  await page.getByLabel("From", { exact: true }).fill("2025-04-02");
  await page.getByLabel("To", { exact: true }).fill("2025-04-02");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(new RegExp(`type=roles&actor=${encodeURIComponent(admin.user.email)}&from=2025-04-02&to=2025-04-02`));
  await expect(events).toHaveCount(1);
  await expect(events.first()).toContainText("Custom role created · Billing");
  await expect(page.getByLabel("Event type")).toHaveValue("roles");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^latchkey-audit-log-org-.+-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(await csvRows(download)).toEqual([
    ["Time (UTC)", "Event", "Description", "Actor", "Actor email", "Target", "Details", "IP address"],
    ["2025-04-02T10:00:00.000Z", "role.created", "Custom role created", "Alan Admin", admin.user.email, "Billing", "Permissions: See the organization audit log", "198.51.100.7"],
  ]);

  await page.getByLabel("Event type").selectOption({ label: "Ownership" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("No events match these filters.")).toBeVisible();

  // Hostile values in the URL are ignored, not an error.
  for (const query of ["type=foo&from=2024-13-99&to=9999-12-31&cursor=garbage&actor=%00", "from=0000-01-01"]) {
    expect((await page.goto(`${AUDIT_LOG}?${query}`))?.status(), query).toBe(200);
    expect((await page.request.get(`${AUDIT_LOG}/export?${query}`)).status(), query).toBe(200);
  }
});

for (const theme of ["light", "dark"] as const) {
  test(`axe: roles (with its dialog), companies and audit log in the ${theme} theme`, async ({ page, createUser, signIn, db }) => {
    const account = await createUser({ theme });
    await signIn(page.context(), account);
    await db.role.create({ data: { orgId: account.org.id, name: "Billing", description: "Invoices", permissions: "audit_log.view" } });
    await db.company.create({ data: { orgId: account.org.id, name: "Acme" } });
    await db.auditEvent.create({
      data: { orgId: account.org.id, userId: account.user.id, action: "company.created", ipAddress: "192.0.2.1", metadata: JSON.stringify({ companyName: "Acme" }) },
    });

    await gotoHydrated(page, ROLES);
    await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
    await expectNoSeriousViolations(page, "roles");
    await page.getByRole("button", { name: "Edit role Billing" }).click();
    await expect(page.getByRole("dialog", { name: "Edit role Billing" })).toBeVisible();
    await expectNoSeriousViolations(page, "roles, edit dialog open");

    await gotoHydrated(page, COMPANIES);
    await expectNoSeriousViolations(page, "companies");
    await page.getByRole("button", { name: "Delete Acme" }).click();
    await expect(page.getByRole("dialog", { name: "Delete Acme?" })).toBeVisible();
    await expectNoSeriousViolations(page, "companies, confirmation open");

    await gotoHydrated(page, AUDIT_LOG);
    await expect(page.getByRole("list", { name: "Audit events" }).getByRole("listitem")).toHaveCount(1);
    await expectNoSeriousViolations(page, "audit log");
  });
}

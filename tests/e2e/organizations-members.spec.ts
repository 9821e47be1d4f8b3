// The members page and invitations in a browser (issue 9): two addresses invited, both mails
// arrive; one person with an account joins, the other creates one from the link; resend kills
// the old link; revoke; an Admin changes a role but cannot make an Owner; a removed member
// loses access on the next request; axe on the members page and the invitation page.
import type { Browser, Page } from "@playwright/test";
import { createTestSession, sessionCookie, TEST_PASSWORD, uniqueEmail, type TestAccount } from "./support/builders";
import type { Db } from "./support/db";
import { expect, test } from "./support/fixtures";
import { linkIn, readMailInOutbox } from "./support/mail";
import { forceValue, gotoHydrated } from "./support/ui";
import { expectNoSeriousViolations } from "./support/axe";

// Several browsers, mails and two axe scans per test: room for a busy machine.
test.describe.configure({ timeout: 120_000 });

const MEMBERS = "/settings/organization/members";

/** The newest invitation link mailed to `to` (the outbox keeps every mail). */
async function newestInvitationLink(db: Db, to: string): Promise<string> {
  await expect.poll(() => db.outboxMessage.count({ where: { recipient: to, subject: { contains: "invited you to" } } })).toBeGreaterThan(0);
  const mail = await db.outboxMessage.findFirstOrThrow({ where: { recipient: to, subject: { contains: "invited you to" } }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  return linkIn(mail.textBody, "/invitations/");
}

/** A browser signed in as `account`, its switcher on `orgId` when given. */
async function browserOf(browser: Browser, db: Db, account: TestAccount, orgId?: string) {
  const context = await browser.newContext();
  const session = await createTestSession(db, account.user.id);
  if (orgId) await db.session.update({ where: { id: session.sessionId }, data: { currentOrgId: orgId } });
  await context.addCookies([sessionCookie(session.cookieValue)]);
  return { context, page: await context.newPage() };
}

const invitationRow = (page: Page, email: string) =>
  page
    .getByRole("table", { name: /^Invitations to/ })
    .getByRole("row")
    .filter({ hasText: email });

test("invite two addresses: one joins with their account, one creates an account from the link; resend and revoke kill links", async ({
  page,
  browser,
  account,
  createUser,
  db,
  forgetAfterTest,
}) => {
  const existing = await createUser({ firstName: "Katherine", lastName: "Johnson" });
  const newcomer = uniqueEmail("newcomer");
  forgetAfterTest(newcomer);
  const subject = `Ada Lovelace invited you to ${account.org.name} on Latchkey`;

  await gotoHydrated(page, MEMBERS);
  await expect(page.getByRole("heading", { name: "Members", level: 1 })).toBeVisible();
  await expect(page.getByText("No invitations yet.")).toBeVisible();
  await page.getByRole("button", { name: "New invitation" }).click();
  const dialog = page.getByRole("dialog", { name: "New invitation" });
  await expect(dialog.getByLabel("Role").locator("option")).toHaveText(["Owner", "Admin", "Developer", "Member"]);
  await dialog.getByLabel("Email address").fill(`${existing.user.email},\n${newcomer}`);
  await dialog.getByLabel("Role").selectOption({ label: "Developer" });
  await dialog.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("status").filter({ hasText: "2 invitations sent." })).toBeVisible();
  await expect(dialog).toBeHidden();
  for (const email of [existing.user.email, newcomer]) await expect(invitationRow(page, email)).toContainText("Pending");
  await expectNoSeriousViolations(page, "members page with invitations");

  // Both mails arrive, each with its own link.
  const existingLink = linkIn(await readMailInOutbox(page.context(), db, { to: existing.user.email, subject }), "/invitations/");
  const firstNewcomerLink = linkIn(await readMailInOutbox(page.context(), db, { to: newcomer, subject }), "/invitations/");

  // Resend: a new mail, and the first link no longer works.
  await invitationRow(page, newcomer)
    .getByRole("button", { name: `Resend invitation to ${newcomer}` })
    .click();
  await expect(page.getByText(`A new invitation link was sent to ${newcomer}. The previous link no longer works.`)).toBeVisible();
  const newcomerLink = await newestInvitationLink(db, newcomer);
  expect(newcomerLink).not.toBe(firstNewcomerLink);

  // The person with an account joins from their browser.
  const katherine = await browserOf(browser, db, existing);
  await katherine.page.goto(existingLink);
  await expect(katherine.page.getByRole("heading", { name: `Join ${account.org.name}` })).toBeVisible();
  await expect(katherine.page.getByText(/invited .* as Developer\./)).toBeVisible();
  await expectNoSeriousViolations(katherine.page, "invitation page");
  await katherine.page.getByRole("button", { name: "Join organization" }).click();
  await expect(katherine.page).toHaveURL(/\/settings\/organization\/members\?notice=joined$/);
  await expect(katherine.page.getByText(`The people in ${account.org.name}`)).toBeVisible();
  // The link is used now.
  await katherine.page.goto(existingLink);
  await expect(katherine.page.getByText("This invitation was already used.")).toBeVisible();
  await katherine.context.close();

  // The newcomer: the old link is dead; the new one leads to sign-up with the address fixed.
  const visitor = await browser.newContext();
  const newcomerPage = await visitor.newPage();
  await newcomerPage.goto(firstNewcomerLink);
  await expect(newcomerPage.getByRole("heading", { name: "This invitation can't be used" })).toBeVisible();
  await expect(newcomerPage.getByText(account.org.name)).toHaveCount(0);
  await newcomerPage.goto(newcomerLink);
  await newcomerPage.getByRole("link", { name: "Create an account" }).click();
  const email = newcomerPage.getByLabel("Email");
  await expect(email).toHaveValue(newcomer);
  await expect(email).toHaveAttribute("readonly", "");
  await newcomerPage.getByLabel("First name").fill("Dorothy");
  await newcomerPage.getByLabel("Last name").fill("Vaughan");
  await newcomerPage.getByLabel("Password", { exact: true }).fill(TEST_PASSWORD);
  await newcomerPage.getByLabel("Confirm password").fill(TEST_PASSWORD);
  await newcomerPage.getByRole("button", { name: "Create account" }).click();
  await expect(newcomerPage).toHaveURL(/\/settings\/organization\/members\?notice=joined$/, { timeout: 20_000 });
  await expect(newcomerPage.getByText(`The people in ${account.org.name}`)).toBeVisible();
  const dorothy = await db.user.findUniqueOrThrow({
    where: { email: newcomer },
    select: { emailVerifiedAt: true, memberships: { where: { orgId: account.org.id }, select: { role: true } } },
  });
  expect(dorothy.emailVerifiedAt).not.toBeNull();
  expect(dorothy.memberships).toEqual([{ role: "developer" }]);
  await visitor.close();

  // The Owner sees both members and both invitations accepted.
  await gotoHydrated(page, MEMBERS);
  const members = page.getByRole("table", { name: /^Members of/ });
  await expect(members.getByRole("row", { name: /Katherine Johnson/ })).toBeVisible();
  await expect(members.getByRole("row", { name: /Dorothy Vaughan/ })).toBeVisible();
  for (const address of [existing.user.email, newcomer]) await expect(invitationRow(page, address)).toContainText("Accepted");

  // Revoke: the confirmation, then the link says it was withdrawn.
  const third = uniqueEmail("third");
  await page.getByRole("button", { name: "New invitation" }).click();
  await dialog.getByLabel("Email address").fill(third);
  await dialog.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${third}.` })).toBeVisible();
  const thirdLink = await newestInvitationLink(db, third);
  await invitationRow(page, third)
    .getByRole("button", { name: `Revoke invitation to ${third}` })
    .click();
  await page.getByRole("dialog", { name: "Revoke this invitation?" }).getByRole("button", { name: "Revoke invitation" }).click();
  await expect(invitationRow(page, third)).toContainText("Revoked");
  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  await strangerPage.goto(thirdLink);
  await expect(strangerPage.getByText("This invitation was withdrawn.")).toBeVisible();
  await stranger.close();
});

test("an Admin changes a role but cannot make an Owner; a removed member loses access on the next request", async ({ browser, account, createUser, db }) => {
  const admin = await createUser({ firstName: "Grace", lastName: "Hopper" });
  const member = await createUser({ firstName: "Alan", lastName: "Turing" });
  await db.membership.create({ data: { orgId: account.org.id, userId: admin.user.id, role: "admin" } });
  await db.membership.create({ data: { orgId: account.org.id, userId: member.user.id, role: "member" } });
  // The member belongs to this organization only, so losing it leaves them no organization page.
  await db.organization.delete({ where: { id: member.org.id } });

  const grace = await browserOf(browser, db, admin, account.org.id);
  await gotoHydrated(grace.page, MEMBERS);
  const table = grace.page.getByRole("table", { name: /^Members of/ });
  // The Owner's row is not Grace's to change: the role is plain text, no controls.
  await expect(table.getByRole("combobox", { name: "Role for Ada Lovelace" })).toHaveCount(0);
  await expect(table.getByRole("button", { name: "Remove Ada Lovelace" })).toHaveCount(0);
  const role = table.getByRole("combobox", { name: "Role for Alan Turing" });
  await expect(role.locator("option")).toHaveText(["Admin", "Developer", "Member"]);
  await role.selectOption({ label: "Developer" });
  await table.getByRole("button", { name: "Save role for Alan Turing" }).click();
  await expect(grace.page.getByText("Alan Turing is now Developer.")).toBeVisible();
  expect((await db.membership.findFirstOrThrow({ where: { orgId: account.org.id, userId: member.user.id } })).role).toBe("developer");

  // A crafted form offering Owner anyway: the server refuses it.
  await role.evaluate((select: HTMLSelectElement) => select.add(new Option("Owner", "owner")));
  await forceValue(role, "owner");
  await table.getByRole("button", { name: "Save role for Alan Turing" }).click();
  await expect(grace.page.getByRole("alert").filter({ hasText: "You can't grant the Owner role" })).toBeVisible();
  expect((await db.membership.findFirstOrThrow({ where: { orgId: account.org.id, userId: member.user.id } })).role).toBe("developer");

  // Alan has the page open; Grace removes him.
  const alan = await browserOf(browser, db, member, account.org.id);
  await gotoHydrated(alan.page, MEMBERS);
  await expect(alan.page.getByText(`The people in ${account.org.name}`)).toBeVisible();
  // A Developer sees the members, not the controls or the invitations.
  await expect(alan.page.getByRole("button", { name: "New invitation" })).toHaveCount(0);
  await expect(alan.page.getByRole("heading", { name: "Invitations" })).toHaveCount(0);
  await expect(alan.page.getByRole("combobox")).toHaveCount(0);
  await gotoHydrated(grace.page, MEMBERS);
  await grace.page.getByRole("button", { name: "Remove Alan Turing" }).click();
  await grace.page.getByRole("dialog", { name: "Remove Alan Turing?" }).getByRole("button", { name: "Remove member" }).click();
  await expect(grace.page).toHaveURL(/notice=removed$/);
  await expect(grace.page.getByRole("table", { name: /^Members of/ }).getByRole("row", { name: /Alan Turing/ })).toHaveCount(0);

  // Alan's next request: the page is gone for him.
  await alan.page.reload();
  await expect(alan.page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(alan.page.getByText(account.org.name)).toHaveCount(0);
  await grace.context.close();
  await alan.context.close();
});

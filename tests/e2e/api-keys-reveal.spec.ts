// Seeing API key secrets again: "View API keys" asks for a second factor (an authenticator code
// or a passkey), shows the secrets the person may reveal for 60 seconds, and logs and mails
// each reveal. Without a second factor the page says how to get one. "Show once" deletes the
// stored secrets.
import { createTestApiKey } from "./support/api-keys";
import { expectNoSeriousViolations } from "./support/axe";
import { enableTestTotp, type TestAccount } from "./support/builders";
import type { Db } from "./support/db";
import { expect, test } from "./support/fixtures";
import { mailSubjects } from "./support/mail";
import { unusedTotpCode } from "./support/totp";
import { confirmStepUp, gotoHydrated, stepUpDialog } from "./support/ui";
import { addVirtualAuthenticator, seedPasskey } from "./support/webauthn";

const PAGE = "/settings/api-keys";

async function joinAs(db: Db, account: TestAccount, orgId: string, role: string): Promise<void> {
  await db.membership.create({ data: { orgId, userId: account.user.id, role } });
  await db.session.updateMany({ where: { userId: account.user.id }, data: { currentOrgId: orgId } });
}

test("an Owner with an authenticator app views every secret for 60 seconds; each reveal is logged and mailed", async ({ page, account, createUser, db }) => {
  test.slow(); // A step-up with a code, a minute on the page's clock, the audit log.
  const { secret } = await enableTestTotp(db, account.user.id);
  const colleague = await createUser({ firstName: "Dev" });
  await db.membership.create({ data: { orgId: account.org.id, userId: colleague.user.id, role: "developer" } });
  const mine = await createTestApiKey(db, account.org.id, account.user.id, { description: "Owner's key", environment: "live" });
  const theirs = await createTestApiKey(db, account.org.id, colleague.user.id, { description: "Dev's key" });
  await createTestApiKey(db, account.org.id, account.user.id, { description: "Dead key", revokedAt: new Date() });

  await page.clock.install();
  await gotoHydrated(page, PAGE);
  await page.getByRole("button", { name: "View API keys" }).click();
  await expect(stepUpDialog(page).getByLabel("Authentication code")).toBeVisible();
  await confirmStepUp(page, { code: await unusedTotpCode(db, account.user.id, secret) });

  const secrets = page.getByRole("list", { name: "API key secrets" });
  await expect(secrets.getByRole("textbox", { name: "Owner's key", exact: true })).toHaveValue(mine.key);
  await expect(secrets.getByRole("textbox", { name: "Dev's key", exact: true })).toHaveValue(theirs.key);
  await expect(secrets.getByRole("listitem")).toHaveCount(2);
  await expect(page.getByRole("status").filter({ hasText: "2 secrets shown for 60 seconds." })).toBeVisible();
  await expectNoSeriousViolations(page, "secrets shown");

  // The page's clock runs on its own as well: the check comes well before the 60 s, the jump past them.
  await page.clock.fastForward(40_000);
  await expect(secrets).toBeVisible();
  await page.clock.fastForward(21_000);
  await expect(secrets).toBeHidden();
  await expect(page.getByText(mine.key)).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: "The secrets are hidden again." })).toBeVisible();

  expect(await db.auditEvent.count({ where: { orgId: account.org.id, action: "api_key.revealed" } })).toBe(2);
  await expect.poll(() => mailSubjects(db, account.user.email)).toContain(`API key secrets were viewed in ${account.org.name}`);
  await gotoHydrated(page, "/settings/organization/audit-log");
  await expect(
    page
      .getByRole("list", { name: "Audit events" })
      .getByRole("listitem")
      .filter({ hasText: `Key ID: ${mine.id}` }),
  ).not.toHaveCount(0);
});

test("a Developer with a passkey views only their own secrets", async ({ page, account, createUser, signIn, db, context }) => {
  const developer = await createUser({ firstName: "Dev" });
  await joinAs(db, developer, account.org.id, "developer");
  await createTestApiKey(db, account.org.id, account.user.id, { description: "Owner's key" });
  const own = await createTestApiKey(db, account.org.id, developer.user.id, { description: "Dev's key" });
  await context.clearCookies();
  await signIn(context, developer);
  await db.session.updateMany({ where: { userId: developer.user.id }, data: { currentOrgId: account.org.id } });
  const authenticator = await addVirtualAuthenticator(page);
  await seedPasskey(db, authenticator, developer.user.id);

  await gotoHydrated(page, PAGE);
  await page.getByRole("button", { name: "View API keys" }).click();
  await expect(stepUpDialog(page).getByRole("button", { name: "Use a passkey" })).toBeFocused();
  await stepUpDialog(page).getByRole("button", { name: "Use a passkey" }).click();
  const secrets = page.getByRole("list", { name: "API key secrets" });
  await expect(secrets.getByRole("textbox", { name: "Dev's key", exact: true })).toHaveValue(own.key);
  await expect(secrets.getByRole("listitem")).toHaveCount(1);
  expect(await db.auditEvent.findMany({ where: { orgId: account.org.id, action: "api_key.revealed" }, select: { userId: true } })).toEqual([{ userId: developer.user.id }]);
});

test("without a second factor, “View API keys” is replaced by how to set one up", async ({ page, account, db }) => {
  await createTestApiKey(db, account.org.id, account.user.id, { description: "Some key" });
  await gotoHydrated(page, PAGE);
  await expect(page.getByText("Viewing secrets again asks for a second factor.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Set up two-factor authentication" })).toHaveAttribute("href", "/settings/security");
  await expect(page.getByRole("link", { name: "add a passkey" })).toHaveAttribute("href", "/settings/passkeys");
  await expect(page.getByRole("button", { name: "View API keys" })).toHaveCount(0);
  expect(await db.auditEvent.count({ where: { orgId: account.org.id, action: "api_key.revealed" } })).toBe(0);
});

test("switching to “Show once” warns, deletes every stored secret, and removes “View API keys”", async ({ page, account, db }) => {
  const { secret } = await enableTestTotp(db, account.user.id);
  await createTestApiKey(db, account.org.id, account.user.id, { description: "First" });
  await createTestApiKey(db, account.org.id, account.user.id, { description: "Second" });
  await gotoHydrated(page, PAGE);
  await expect(page.getByRole("button", { name: "View API keys" })).toBeVisible();
  await expect(page.getByLabel("Reveal after two-factor verification")).toBeChecked();

  await page.getByLabel("Show once").check();
  await page.getByRole("button", { name: "Save secret policy" }).click();
  const warning = page.getByRole("dialog", { name: "Show secrets only once?" });
  await expect(warning).toContainText("Every stored secret is deleted at once");
  await warning.getByRole("button", { name: "Cancel" }).click();
  expect(await db.apiKey.count({ where: { orgId: account.org.id, sealedKey: { not: null } } })).toBe(2);

  await page.getByRole("button", { name: "Save secret policy" }).click();
  await warning.getByRole("button", { name: "Delete stored secrets" }).click();
  await confirmStepUp(page, { code: await unusedTotpCode(db, account.user.id, secret) });
  await expect(page.getByRole("status").filter({ hasText: "Secrets are now shown only once. 2 stored secrets were deleted." })).toBeVisible();
  expect(await db.apiKey.count({ where: { orgId: account.org.id, sealedKey: { not: null } } })).toBe(0);
  expect((await db.organization.findUniqueOrThrow({ where: { id: account.org.id }, select: { apiKeySecrets: true } })).apiKeySecrets).toBe("show_once");
  await page.reload();
  await expect(page.getByRole("button", { name: "View API keys" })).toHaveCount(0);
  await expect(page.getByLabel("Show once")).toBeChecked();

  // A new key is shown once, and only its digest is kept.
  await page.getByRole("button", { name: "Create API key" }).click();
  const form = page.getByRole("dialog", { name: "Create API key" });
  await form.getByLabel("Description").fill("Third");
  await form.getByRole("button", { name: "Generate key" }).click();
  const shown = page.getByRole("dialog", { name: "Your new API key" });
  await expect(shown.getByText("It won't be shown again: this organization shows secrets only once.")).toBeVisible();
  await shown.getByRole("button", { name: "I've copied it" }).click();
  expect(await db.apiKey.findFirstOrThrow({ where: { orgId: account.org.id, description: "Third" }, select: { sealedKey: true } })).toEqual({ sealedKey: null });
});

// The API keys page in a browser: creating keys (each type, environment and access), the
// secret shown once, the table and its statuses and filters, the key's own page, rotation
// with a grace period, revocation, "Regenerate all secrets", and what each role sees.
import type { Locator, Page } from "@playwright/test";
import { createTestApiKey, DAY_MS, keyWorks } from "./support/api-keys";
import { expectNoSeriousViolations } from "./support/axe";
import type { TestAccount } from "./support/builders";
import type { Db } from "./support/db";
import { expect, test } from "./support/fixtures";
import { mailSubjects } from "./support/mail";
import { serverNow } from "./support/totp";
import { confirmStepUp, gotoHydrated, stepUpDialog } from "./support/ui";

const PAGE = "/settings/api-keys";

async function joinAs(db: Db, account: TestAccount, orgId: string, role: string): Promise<void> {
  await db.membership.create({ data: { orgId, userId: account.user.id, role } });
  await db.session.updateMany({ where: { userId: account.user.id }, data: { currentOrgId: orgId } });
}

const keyRow = (page: Page, description: string): Locator => page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: description, exact: true }) });

type NewKey = { description: string; type: string; environment: string; access: string; expires?: string; expiresOn?: string };

/** Fills "Create API key" and generates it; answers step-up with the password when asked. Returns the key shown. */
async function createKeyThroughUi(page: Page, values: NewKey, password?: string): Promise<string> {
  await page.getByRole("button", { name: "Create API key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create API key" });
  await dialog.getByLabel("Description").fill(values.description);
  await dialog.getByLabel("Type").selectOption({ label: values.type });
  await dialog.getByLabel("Environment").selectOption({ label: values.environment });
  await dialog.getByLabel("Access").selectOption({ label: values.access });
  if (values.expires) await dialog.getByLabel("Expires").selectOption({ label: values.expires });
  if (values.expiresOn) await dialog.getByLabel("Expiry date").fill(values.expiresOn);
  await dialog.getByRole("button", { name: "Generate key" }).click();
  if (password) await confirmStepUp(page, { password });
  const shown = page.getByRole("dialog", { name: "Your new API key" });
  await expect(shown).toBeVisible();
  return shown.getByRole("textbox", { name: `API key ${values.description}` }).inputValue();
}

test("creates keys of each type, environment and access; the secret shows once and the dialog stays until dismissed", async ({ page, account, db }) => {
  test.slow(); // Three keys, a step-up and an axe scan.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await gotoHydrated(page, PAGE);
  await expect(page.getByText("No API keys yet")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "API keys" })).toHaveAttribute("aria-current", "page");

  // A description is required: the error shows, nothing is made.
  await page.getByRole("button", { name: "Create API key" }).click();
  const form = page.getByRole("dialog", { name: "Create API key" });
  await form.getByRole("button", { name: "Generate key" }).click();
  await expect(form.getByText("Enter a description, such as “Production API Key”.")).toBeVisible();
  await form.getByRole("button", { name: "Cancel" }).click();

  const live = await createKeyThroughUi(page, { description: "Production API Key", type: "Integration", environment: "Live", access: "Read and write" }, account.password);
  expect(live).toMatch(/^lk_live_[0-9A-Za-z]{16}_[0-9A-Za-z]{38}$/);
  const shown = page.getByRole("dialog", { name: "Your new API key" });
  await expect(shown.getByText("You can view it again later with “View API keys” and a second factor.")).toBeVisible();
  await shown.getByRole("button", { name: "Copy API key Production API Key" }).click();
  await expect(shown.getByRole("status").filter({ hasText: "Copied to the clipboard." })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(live);
  await expectNoSeriousViolations(page, "new key shown");
  // Neither Escape nor a click outside loses the secret.
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");
  await page.mouse.click(5, 5);
  await expect(shown).toBeVisible();
  await shown.getByRole("button", { name: "I've copied it" }).click();
  await expect(shown).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "API key “Production API Key” created." })).toBeVisible();

  // Step-up lasts 10 minutes: the next keys are made without it.
  const nightly = await createKeyThroughUi(page, { description: "Nightly export", type: "Data", environment: "Test", access: "Read only", expires: "30 days" });
  await page.getByRole("button", { name: "I've copied it" }).click();
  const today = new Date(await serverNow());
  const customDay = new Date(today.getTime() + 100 * DAY_MS).toISOString().slice(0, 10);
  const storefront = await createKeyThroughUi(page, {
    description: "Storefront",
    type: "Product",
    environment: "Test",
    access: "Write only",
    expires: "Custom date",
    expiresOn: customDay,
  });
  await page.getByRole("button", { name: "I've copied it" }).click();
  expect(nightly).toMatch(/^lk_test_/);
  expect(storefront).toMatch(/^lk_test_/);

  const rows = await db.apiKey.findMany({
    where: { orgId: account.org.id },
    orderBy: { createdAt: "asc" },
    select: { id: true, description: true, type: true, environment: true, access: true, expiresAt: true, secretDigest: true, lastFour: true },
  });
  expect(rows.map(({ description, type, environment, access }) => [description, type, environment, access])).toEqual([
    ["Production API Key", "integration", "live", "read_write"],
    ["Nightly export", "data", "test", "read"],
    ["Storefront", "product", "test", "write"],
  ]);
  expect(rows[2]!.expiresAt.toISOString()).toBe(`${customDay}T23:59:59.999Z`);
  // Only a digest is kept, never the key or its secret in clear.
  for (const [index, key] of [live, nightly, storefront].entries()) {
    expect(rows[index]!.secretDigest).not.toContain(key.slice(25, 57));
    expect(await keyWorks(key)).toBe(true);
  }

  // The table: settings, the key id, the masked key (prefix and last 4), status, creator, expiry, last use.
  const row = keyRow(page, "Production API Key");
  await expect(row).toContainText("Integration");
  await expect(row).toContainText("Live");
  await expect(row).toContainText("Read and write");
  await expect(row).toContainText(rows[0]!.id);
  await expect(row).toContainText(`lk_live_…${live.slice(-4)}`);
  await expect(row.getByTitle(`lk_live_${rows[0]!.id}_…${live.slice(-4)}`)).toBeVisible();
  await expect(row).toContainText("Active");
  await expect(row).toContainText(`by ${account.user.firstName} ${account.user.lastName}`);
  await expect(row).toContainText("Never");
  await expect(row).not.toContainText(live);
  await expect(keyRow(page, "Nightly export")).toContainText("Read only");
  await expect(keyRow(page, "Storefront")).toContainText("Write only");
  await expect(keyRow(page, "Storefront")).toContainText("Product");
  await expect(keyRow(page, "Nightly export")).toContainText("Data");
  await expect.poll(() => mailSubjects(db, account.user.email)).toEqual(Array(3).fill(`API key created in ${account.org.name}`));
});

test("the table shows each status, filters by environment and status, and a key's page shows its uses", async ({ page, account, db }) => {
  test.slow(); // Two pages, two axe scans and a dark one.
  const now = Date.now();
  const { org, user } = account;
  const active = await createTestApiKey(db, org.id, user.id, {
    description: "Billing sync",
    environment: "live",
    lastUsed: { at: new Date(now - 3 * 60 * 1000), ip: "203.0.113.9" },
  });
  await createTestApiKey(db, org.id, user.id, { description: "Soon gone", expiresAt: new Date(now + 10 * DAY_MS) });
  await createTestApiKey(db, org.id, user.id, { description: "Old importer", createdAt: new Date(now - 40 * DAY_MS), expiresAt: new Date(now - 2 * DAY_MS) });
  await createTestApiKey(db, org.id, user.id, { description: "Leaked key", revokedAt: new Date(now - DAY_MS) });
  for (let index = 0; index < 3; index++) {
    await db.apiKeyUse.create({
      data: { apiKeyId: active.id, at: new Date(now - (index + 3) * 60 * 1000), ipAddress: "203.0.113.9", method: "GET", endpoint: "/api/v1/me", status: index === 2 ? 429 : 200 },
    });
  }

  await gotoHydrated(page, PAGE);
  await expect(keyRow(page, "Billing sync")).toContainText("Active");
  await expect(keyRow(page, "Soon gone")).toContainText("Expiring soon");
  await expect(keyRow(page, "Old importer")).toContainText("Expired");
  await expect(keyRow(page, "Leaked key")).toContainText("Revoked");
  // Last used: relative, the exact time on hover, and the address.
  const lastUsed = keyRow(page, "Billing sync").locator("time").last();
  await expect(lastUsed).toHaveText("3 minutes ago");
  await expect(lastUsed).toHaveAttribute("title", /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
  await expect(keyRow(page, "Billing sync")).toContainText("from 203.0.113.9");
  // Controls name the key they act on; a revoked or expired key cannot be rotated.
  await expect(page.getByRole("button", { name: "Rotate Billing sync" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Revoke Billing sync" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Rotate Old importer" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Revoke Leaked key" })).toHaveCount(0);
  await expectNoSeriousViolations(page, "API keys page");

  const filters = page.getByRole("form", { name: "Filter API keys" });
  await filters.getByLabel("Status").selectOption({ label: "Expiring soon" });
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/status=expiring/);
  await expect(page.getByRole("rowheader")).toHaveText(["Soon gone"]);
  await filters.getByLabel("Status").selectOption({ label: "All" });
  await filters.getByLabel("Environment").selectOption({ label: "Live" });
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("rowheader")).toHaveText(["Billing sync"]);
  await page.getByRole("link", { name: "Show all keys" }).click();
  await expect(page.getByRole("rowheader")).toHaveCount(4);
  // Nonsense in the URL is no filter, never an error.
  expect((await page.goto(`${PAGE}?status=%00&environment=prod&cursor=%27`))?.status()).toBe(200);
  await expect(page.getByRole("rowheader")).toHaveCount(4);

  await page.getByRole("link", { name: "Billing sync" }).click();
  await expect(page.getByRole("heading", { name: "Billing sync", level: 1 })).toBeVisible();
  const uses = page.getByRole("table", { name: /requests made with Billing sync/ });
  await expect(uses.getByRole("row")).toHaveCount(4);
  await expect(uses.getByRole("row").nth(1)).toContainText("203.0.113.9");
  await expect(uses.getByRole("row").nth(1)).toContainText("GET /api/v1/me");
  await expect(uses.getByRole("row").nth(3)).toContainText("429 Rate limited");
  await expect(page.getByText("600 requests per minute (the organization's default)")).toBeVisible();
  await expectNoSeriousViolations(page, "key page");
  await page.emulateMedia({ colorScheme: "dark" });
  await expectNoSeriousViolations(page, "key page, dark");
  // Another organization's key, or a malformed id: Not Found.
  const stranger = await db.organization.create({ data: { name: "Elsewhere", slug: `elsewhere-${active.id.toLowerCase()}` }, select: { id: true } });
  const foreign = await createTestApiKey(db, stranger.id, user.id, { description: "Not yours" });
  expect((await page.goto(`${PAGE}/${foreign.id}`))?.status()).toBe(404);
  expect((await page.goto(`${PAGE}/%00`))?.status()).toBe(404);
  await db.organization.delete({ where: { id: stranger.id } });
});

test("rotates with a grace period, sets the key's own rate limit, and revokes after the description is typed", async ({ page, account, db }) => {
  test.slow();
  const { key: oldKey, id } = await createTestApiKey(db, account.org.id, account.user.id, { description: "Production API Key", environment: "live" });
  await gotoHydrated(page, `${PAGE}/${id}`);

  await page.getByRole("button", { name: "Rotate Production API Key" }).click();
  const rotate = page.getByRole("dialog", { name: "Rotate Production API Key?" });
  await rotate.getByLabel("Old secret keeps working for").selectOption({ label: "1 hour" });
  await rotate.getByRole("button", { name: "Rotate key" }).click();
  await confirmStepUp(page, { password: account.password });
  const shown = page.getByRole("dialog", { name: "New secret for Production API Key" });
  await expect(shown.getByRole("status").filter({ hasText: /The old secret works until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\./ })).toBeVisible();
  const newKey = await shown.getByRole("textbox", { name: "API key Production API Key" }).inputValue();
  expect(newKey).toMatch(new RegExp(`^lk_live_${id}_`));
  expect(newKey).not.toBe(oldKey);
  await page.keyboard.press("Escape");
  await expect(shown).toBeVisible();
  await shown.getByRole("button", { name: "I've copied it" }).click();

  const { previousExpiresAt } = await db.apiKey.findUniqueOrThrow({ where: { id }, select: { previousExpiresAt: true } });
  await expect(page.getByText(`Old secret works until ${previousExpiresAt!.toISOString().replace("T", " ").slice(0, 16)} UTC`)).toBeVisible();
  // Both secrets work during the grace period (the test of its end, with the clock: tests/integration/api-keys).
  expect(await keyWorks(oldKey)).toBe(true);
  expect(await keyWorks(newKey)).toBe(true);
  // And over HTTP, as a host product checks a key; a change made with the key names it in the audit log.
  const me = (key: string) => page.request.get("/api/v1/me", { headers: { Authorization: `Bearer ${key}` } });
  expect((await me(oldKey)).status()).toBe(200);
  expect((await me(newKey)).status()).toBe(200);
  const invited = await page.request.post("/api/v1/invitations", { headers: { Authorization: `Bearer ${newKey}` }, data: { email: "grace@example.com", role: "member" } });
  expect(invited.status(), await invited.text()).toBe(201);

  // The key's own limit, then back to the organization's default.
  await page.getByLabel("Its own limit").check();
  await page.getByLabel("Requests per minute").fill("0");
  await page.getByRole("button", { name: "Save rate limit" }).click();
  await expect(page.getByText("Allow at least 1 request per minute.")).toBeVisible();
  await page.getByLabel("Requests per minute").fill("120");
  await page.getByRole("button", { name: "Save rate limit" }).click();
  await expect(page.getByRole("status").filter({ hasText: "This key may make 120 requests per minute." })).toBeVisible();
  await expect(page.getByText("120 requests per minute", { exact: true })).toBeVisible();
  expect((await db.apiKey.findUniqueOrThrow({ where: { id }, select: { rateLimit: true } })).rateLimit).toBe(120);
  await page.getByLabel("The organization's default").check();
  await page.getByRole("button", { name: "Save rate limit" }).click();
  await expect(page.getByRole("status").filter({ hasText: "This key follows the organization's default limit." })).toBeVisible();
  expect((await db.apiKey.findUniqueOrThrow({ where: { id }, select: { rateLimit: true } })).rateLimit).toBeNull();

  await page.getByRole("button", { name: "Revoke Production API Key" }).click();
  const revoke = page.getByRole("dialog", { name: "Revoke Production API Key?" });
  await expect(revoke.getByRole("button", { name: "Revoke key" })).toBeDisabled();
  await revoke.getByLabel("Type Production API Key to confirm").fill("Production");
  await expect(revoke.getByRole("button", { name: "Revoke key" })).toBeDisabled();
  await revoke.getByLabel("Type Production API Key to confirm").fill("Production API Key");
  await revoke.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The API key was revoked. It stops working at once." })).toBeVisible();
  await expect(page.locator("span", { hasText: /^Revoked$/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Rotate Production API Key" })).toHaveCount(0);
  expect(await keyWorks(newKey)).toBe(false);
  expect(await keyWorks(oldKey)).toBe(false);
  await expect.poll(async () => (await me(newKey)).status()).toBe(401);
  await expect.poll(() => mailSubjects(db, account.user.email)).toContain(`API key revoked in ${account.org.name}`);

  // The audit log names the key in each event.
  await gotoHydrated(page, "/settings/organization/audit-log");
  const events = page.getByRole("list", { name: "Audit events" });
  await expect(
    events
      .getByRole("listitem")
      .filter({ hasText: "Production API Key" })
      .filter({ hasText: `Key ID: ${id}` }),
  ).not.toHaveCount(0);
  await expect(events.getByRole("listitem").filter({ hasText: "grace@example.com" })).toContainText(`with the API key “Production API Key” (${id})`);
});

test("“Regenerate all secrets” asks for the typed phrase and step-up, shows the new keys once, and the old ones stop", async ({ page, account, db }) => {
  const first = await createTestApiKey(db, account.org.id, account.user.id, { description: "Alpha" });
  const second = await createTestApiKey(db, account.org.id, account.user.id, { description: "Beta", environment: "live" });
  const revoked = await createTestApiKey(db, account.org.id, account.user.id, { description: "Gamma", revokedAt: new Date() });
  await gotoHydrated(page, PAGE);
  await page.getByRole("button", { name: "Regenerate all secrets" }).click();
  const dialog = page.getByRole("dialog", { name: "Regenerate all secrets?" });
  await expect(dialog.getByRole("button", { name: "Regenerate all secrets" })).toBeDisabled();
  await dialog.getByLabel("Type regenerate all to confirm").fill("regenerate all");
  await dialog.getByRole("button", { name: "Regenerate all secrets" }).click();
  await confirmStepUp(page, { password: account.password });
  const shown = page.getByRole("dialog", { name: "New secrets" });
  await expect(shown.getByRole("status").filter({ hasText: "2 secrets regenerated. The old ones no longer work." })).toBeVisible();
  const alpha = await shown.getByRole("textbox", { name: "Alpha", exact: true }).inputValue();
  const beta = await shown.getByRole("textbox", { name: "Beta", exact: true }).inputValue();
  await page.keyboard.press("Escape");
  await expect(shown).toBeVisible();
  await shown.getByRole("button", { name: "Done" }).click();
  await expect(shown).toBeHidden();
  expect(await keyWorks(first.key)).toBe(false);
  expect(await keyWorks(second.key)).toBe(false);
  expect(await keyWorks(alpha)).toBe(true);
  expect(await keyWorks(beta)).toBe(true);
  expect(await keyWorks(revoked.key)).toBe(false);
  expect(await db.auditEvent.count({ where: { orgId: account.org.id, action: "api_keys.regenerated" } })).toBe(1);
});

test("what each role sees: Admins manage every key, Developers their own, Members get Not Found", async ({ browser, account, createUser, db, signIn }) => {
  test.slow(); // Three browsers.
  const developer = await createUser({ firstName: "Dev" });
  const admin = await createUser({ firstName: "Adi" });
  const member = await createUser({ firstName: "Mem" });
  await joinAs(db, developer, account.org.id, "developer");
  await joinAs(db, admin, account.org.id, "admin");
  await joinAs(db, member, account.org.id, "member");
  await createTestApiKey(db, account.org.id, account.user.id, { description: "Owner's key" });
  const own = await createTestApiKey(db, account.org.id, developer.user.id, { description: "Dev's key" });

  const open = async (person: TestAccount) => {
    const context = await browser.newContext();
    await signIn(context, person);
    await db.session.updateMany({ where: { userId: person.user.id }, data: { currentOrgId: account.org.id } });
    const page = await context.newPage();
    return { context, page };
  };

  const adminBrowser = await open(admin);
  await gotoHydrated(adminBrowser.page, PAGE);
  for (const name of ["Owner's key", "Dev's key"]) await expect(adminBrowser.page.getByRole("button", { name: `Revoke ${name}` })).toBeVisible();
  await expect(adminBrowser.page.getByRole("heading", { name: "Secrets and limits" })).toBeVisible();
  await expect(adminBrowser.page.getByRole("button", { name: "Regenerate all secrets" })).toBeVisible();
  await adminBrowser.context.close();

  const devBrowser = await open(developer);
  const devPage = devBrowser.page;
  await gotoHydrated(devPage, PAGE);
  await expect(devPage.getByRole("rowheader")).toHaveCount(2);
  await expect(devPage.getByRole("button", { name: "Rotate Dev's key" })).toBeVisible();
  await expect(devPage.getByRole("button", { name: "Revoke Owner's key" })).toHaveCount(0);
  await expect(devPage.getByRole("button", { name: "Rotate Owner's key" })).toHaveCount(0);
  await expect(devPage.getByRole("heading", { name: "Secrets and limits" })).toHaveCount(0);
  await expect(devPage.getByRole("button", { name: "Regenerate all secrets" })).toHaveCount(0);
  await expect(devPage.getByRole("button", { name: "Create API key" })).toBeVisible();
  await gotoHydrated(devPage, `${PAGE}/${own.id}`);
  await expect(devPage.getByRole("button", { name: "Revoke Dev's key" })).toBeVisible();
  // Setting a key's rate limit is for those who manage every key.
  await expect(devPage.getByRole("heading", { name: "Rate limit" })).toHaveCount(0);
  await expectNoSeriousViolations(devPage, "key page, Developer");
  await devBrowser.context.close();

  const memberBrowser = await open(member);
  await gotoHydrated(memberBrowser.page, "/settings/organization");
  await expect(memberBrowser.page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "API keys" })).toHaveCount(0);
  expect((await memberBrowser.page.goto(PAGE))?.status()).toBe(404);
  expect((await memberBrowser.page.goto(`${PAGE}/${own.id}`))?.status()).toBe(404);
  await memberBrowser.context.close();
});

test("the page works at a phone's width with the keyboard", async ({ page, account, db }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await createTestApiKey(db, account.org.id, account.user.id, { description: "Mobile key" });
  await gotoHydrated(page, PAGE);
  const create = page.getByRole("button", { name: "Create API key" });
  await create.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Create API key" });
  await expect(dialog.getByLabel("Description")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(stepUpDialog(page)).toBeHidden();
  // The table scrolls inside its box, and nothing makes the page itself wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.getByRole("button", { name: "Revoke Mobile key" }).scrollIntoViewIfNeeded();
  await expect(page.getByRole("button", { name: "Revoke Mobile key" })).toBeInViewport();
  await expectNoSeriousViolations(page, "API keys page, phone");
});

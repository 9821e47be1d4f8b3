// The README's screenshots (docs/screenshots/*.png, 1280x800), taken from the real pages so
// they never drift from the product. Each shot first checks the page is the one it claims.
import path from "node:path";
import type { Page } from "@playwright/test";
import { createTestApiKey, DAY_MS } from "./support/api-keys";
import { expect, test } from "./support/fixtures";

const SCREENSHOTS = path.resolve(__dirname, "../../docs/screenshots");

test.use({ viewport: { width: 1280, height: 800 }, colorScheme: "light" });

async function shoot(page: Page, name: string, heading: string): Promise<void> {
  await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), animations: "disabled", caret: "hide" });
}

test("README screenshots", async ({ page, createUser, signIn, db }) => {
  await page.goto("/login");
  await shoot(page, "login", "Sign in");

  await page.goto("/signup");
  await shoot(page, "signup", "Create your account");

  const account = await createUser({
    // A readable address for the picture; the database is new for every run.
    email: "ada@example.com",
    firstName: "Ada",
    lastName: "Lovelace",
    jobTitle: "Analyst",
    phoneNumber: "+442079460958",
    orgName: "Analytical Engines",
  });
  await signIn(page.context(), account);

  await page.goto("/settings/profile");
  await expect(page.getByLabel("Job position")).toHaveValue("Analyst");
  await shoot(page, "profile", "Profile");

  await page.goto("/settings/appearance");
  await expect(page.getByRole("radio", { name: /^System/ })).toBeChecked();
  await shoot(page, "appearance", "Appearance");

  await page.goto("/settings/security");
  await expect(page.getByRole("button", { name: "Set up authenticator app" })).toBeVisible();
  await shoot(page, "security", "Security");

  // The organization: two colleagues, a custom role and a pending invitation.
  const colleagues = [
    { firstName: "Charles", lastName: "Babbage", role: "admin" },
    { firstName: "Mary", lastName: "Somerville", role: "developer" },
  ];
  for (const colleague of colleagues) {
    const other = await createUser({ email: `${colleague.firstName.toLowerCase()}@example.com`, firstName: colleague.firstName, lastName: colleague.lastName });
    await db.membership.create({ data: { orgId: account.org.id, userId: other.user.id, role: colleague.role } });
  }
  await db.role.create({ data: { orgId: account.org.id, name: "Auditor", description: "Reads the audit log.", permissions: "audit_log.view api_keys.view" } });
  await db.invitation.create({
    data: {
      orgId: account.org.id,
      email: "herschel@example.com",
      role: "member",
      tokenHash: "screenshot-invitation",
      invitedById: account.user.id,
      expiresAt: new Date(Date.now() + 7 * 24 * 60 * 60 * 1000),
    },
  });
  await db.organization.update({ where: { id: account.org.id }, data: { country: "GB" } });

  await page.goto("/settings/organization");
  await expect(page.getByLabel("Country")).toHaveValue("GB");
  await shoot(page, "organization", "Organization");

  await page.goto("/settings/organization/members");
  await expect(page.getByRole("rowheader", { name: "herschel@example.com" })).toBeVisible();
  await shoot(page, "members", "Members");

  await page.goto("/settings/organization/roles");
  await expect(page.getByRole("columnheader", { name: /Auditor/ })).toBeVisible();
  await shoot(page, "roles", "Roles");

  // API keys: one of each kind of status, one used a few minutes ago.
  const now = Date.now();
  await createTestApiKey(db, account.org.id, account.user.id, {
    description: "Production API Key",
    environment: "live",
    lastUsed: { at: new Date(now - 4 * 60 * 1000), ip: "203.0.113.24" },
  });
  await createTestApiKey(db, account.org.id, account.user.id, { description: "Nightly export", type: "data", access: "read", expiresAt: new Date(now + 9 * DAY_MS) });
  await createTestApiKey(db, account.org.id, account.user.id, { description: "Old storefront", type: "product", access: "write", revokedAt: new Date(now - DAY_MS) });
  await page.goto("/settings/api-keys");
  await expect(page.getByRole("rowheader", { name: "Production API Key" })).toBeVisible();
  await shoot(page, "api-keys", "API keys");

  await page.goto("/settings/notifications");
  await expect(page.getByRole("switch", { name: "Security alerts: email" })).toBeDisabled();
  await shoot(page, "notifications", "Notifications");

  // Webhooks: a healthy endpoint with its last delivery, and one turned off after failing.
  const slack = await db.webhookEndpoint.create({
    data: {
      id: "screenshot-slack",
      userId: account.user.id,
      url: "https://hooks.slack.com/services/T000/B000/screenshot",
      description: "Team channel",
      categories: JSON.stringify(["security", "organization"]),
      secretCiphertext: "not used for the picture",
    },
  });
  await db.webhookDelivery.create({
    data: { endpointId: slack.id, type: "notification.security", payload: "{}", state: "delivered", attempts: 1, lastStatus: 200, lastAttemptAt: new Date(now - 2 * 60 * 1000) },
  });
  await db.webhookEndpoint.create({
    data: {
      id: "screenshot-billing",
      userId: account.user.id,
      url: "https://billing.example.com/latchkey/webhooks",
      description: "Billing service",
      categories: JSON.stringify(["purchases", "auto_top_up"]),
      secretCiphertext: "not used for the picture",
      enabled: false,
      disabledReason: "failing",
      disabledAt: new Date(now - DAY_MS),
      failingSince: new Date(now - 6 * DAY_MS),
      consecutiveFailures: 15,
    },
  });
  await page.goto("/settings/webhooks");
  await expect(page.getByRole("list", { name: "Webhook endpoints" }).getByRole("listitem")).toHaveCount(2);
  await shoot(page, "webhooks", "Webhooks");

  await db.user.update({ where: { id: account.user.id }, data: { theme: "dark" } });
  await page.goto("/settings/profile");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await shoot(page, "profile-dark", "Profile");
});

// axe-core on the account pages (sessions, security log, organizations, account) with their
// lists, buttons, confirmation dialogs and messages showing, in light and dark.
import type { Page } from "@playwright/test";
import type { TestAccount, TestUserOverrides } from "./support/builders";
import type { Db } from "./support/db";
import { DESKTOP_CHROME, IPHONE, createDeviceSession, signInDevice } from "./support/devices";
import { expect, test } from "./support/fixtures";
import { gotoHydrated } from "./support/ui";
import { expectNoSeriousViolations } from "./support/axe";

// Two axe scans per test: room for a busy machine (a run is ~1 min when idle).
test.describe.configure({ timeout: 60_000 });

/** A person with two devices, sign-in events from both, and a second organization. */
async function personWithHistory({ page, createUser, db }: { page: Page; createUser: (overrides?: TestUserOverrides) => Promise<TestAccount>; db: Db }, theme: "light" | "dark") {
  const account = await createUser({ theme });
  const userId = account.user.id;
  const current = await signInDevice(db, page.context(), userId, DESKTOP_CHROME);
  const phone = await createDeviceSession(db, userId, IPHONE);
  await db.auditEvent.createMany({
    data: [
      { userId, action: "user.signed_in", userAgent: DESKTOP_CHROME.userAgent, ipAddress: "192.0.2.1", metadata: JSON.stringify({ sessionId: current.sessionId }) },
      { userId, action: "user.signed_in", userAgent: IPHONE.userAgent, ipAddress: "192.0.2.2", metadata: JSON.stringify({ sessionId: phone.sessionId }) },
      { userId, action: "user.sign_in_failed", ipAddress: "192.0.2.3" },
    ],
  });
  const colleague = await createUser();
  await db.membership.create({ data: { orgId: colleague.org.id, userId, role: "member" } });
  return account;
}

for (const theme of ["light", "dark"] as const) {
  test.describe(`${theme} theme`, () => {
    test.use({ colorScheme: theme });

    test("/settings/sessions, and its confirmation dialog", async ({ page, createUser, db }) => {
      await personWithHistory({ page, createUser, db }, theme);
      await gotoHydrated(page, "/settings/sessions");
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      await expect(page.getByRole("list", { name: "Signed-in sessions" }).getByRole("listitem")).toHaveCount(2);
      await expectNoSeriousViolations(page, "/settings/sessions");
      await page.getByRole("button", { name: "Sign out all other sessions" }).click();
      await expect(page.getByRole("dialog", { name: "Sign out all other sessions?" })).toBeVisible();
      await expectNoSeriousViolations(page, "/settings/sessions, confirmation open");
    });

    test("/settings/activity, with events and with none matching", async ({ page, createUser, db }) => {
      await personWithHistory({ page, createUser, db }, theme);
      await gotoHydrated(page, "/settings/activity");
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      await expect(page.getByRole("button", { name: "This wasn't me" })).toBeVisible();
      await expectNoSeriousViolations(page, "/settings/activity");
      await page.goto("/settings/activity?type=email");
      await expect(page.getByText("No events match these filters.")).toBeVisible();
      await expectNoSeriousViolations(page, "/settings/activity, nothing matches");
    });

    test("/settings/memberships, with the last-Owner message", async ({ page, createUser, db }) => {
      const account = await personWithHistory({ page, createUser, db }, theme);
      await gotoHydrated(page, "/settings/memberships");
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      await expectNoSeriousViolations(page, "/settings/memberships");
      await page.getByRole("button", { name: `Leave ${account.org.name}` }).click();
      await page
        .getByRole("dialog", { name: `Leave ${account.org.name}?` })
        .getByRole("button", { name: "Leave" })
        .click();
      await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
      await expectNoSeriousViolations(page, "/settings/memberships with the last-Owner message");
    });

    test("/settings/account, and the delete dialog", async ({ page, createUser, db }) => {
      await personWithHistory({ page, createUser, db }, theme);
      await gotoHydrated(page, "/settings/account");
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      await expectNoSeriousViolations(page, "/settings/account");
      await page.getByRole("button", { name: "Delete account" }).click();
      await expect(page.getByRole("dialog", { name: "Delete your account?" })).toBeVisible();
      await expectNoSeriousViolations(page, "/settings/account, delete dialog open");
    });

    test("/settings/account when the only Owner blocks deletion", async ({ page, account, createUser, db }) => {
      const member = await createUser();
      await db.membership.create({ data: { orgId: account.org.id, userId: member.user.id, role: "member" } });
      await db.user.update({ where: { id: account.user.id }, data: { theme } });
      await gotoHydrated(page, "/settings/account");
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      await expect(page.getByRole("button", { name: "Delete account" })).toBeDisabled();
      await expectNoSeriousViolations(page, "/settings/account, deletion blocked");
    });
  });
}

// Every settings page at a phone's width: wide tables scroll inside their own box, and nothing
// makes the page itself wider than the screen (no sideways scrolling of the whole page).
import { createTestApiKey } from "./support/api-keys";
import { expect, test } from "./support/fixtures";
import { gotoHydrated } from "./support/ui";

const PHONE = { width: 390, height: 844 };
const PAGES = [
  "/settings/profile",
  "/settings/security",
  "/settings/passkeys",
  "/settings/sessions",
  "/settings/activity",
  "/settings/memberships",
  "/settings/notifications",
  "/settings/appearance",
  "/settings/account",
  "/settings/organization",
  "/settings/organization/members",
  "/settings/organization/companies",
  "/settings/organization/roles",
  "/settings/organization/audit-log",
  "/settings/api-keys",
];

test("every settings page fits a phone's width", async ({ page, account, db }) => {
  test.slow();
  await page.setViewportSize(PHONE);
  await createTestApiKey(db, account.org.id, account.user.id, { description: "Phone key" });
  for (const path of PAGES) {
    await gotoHydrated(page, path);
    const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(pageWidth, `${path} is wider than the phone`).toBeLessThanOrEqual(PHONE.width);
  }
});

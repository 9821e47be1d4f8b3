// The README's screenshots (docs/screenshots/*.png, 1280x800), taken from the real pages so
// they never drift from the product. Each shot first checks the page is the one it claims.
import path from "node:path";
import type { Page } from "@playwright/test";
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

  await db.user.update({ where: { id: account.user.id }, data: { theme: "dark" } });
  await page.goto("/settings/profile");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await shoot(page, "profile-dark", "Profile");
});

// axe-core on every page and state, in light and dark; and the keyboard paths people use.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { emailInput, passwordInput, profileForm, themeForm } from "./support/ui";

async function expectNoSeriousViolations(page: Page, label: string): Promise<void> {
  // axe's default rule set: WCAG 2.x A/AA and best practices, without experimental rules.
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  const report = serious.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.map((node) => ({ target: node.target.join(" "), summary: node.failureSummary })),
  }));
  expect(report, `${label}: axe violations\n${JSON.stringify(report, null, 2)}`).toEqual([]);
}

for (const theme of ["light", "dark"] as const) {
  test.describe(`${theme} theme`, () => {
    // Signed-out pages follow the device ("system"); signed-in ones use the account's theme.
    test.use({ colorScheme: theme });

    test("sign-in, sign-up (empty and with errors) and a missing page", async ({ page }) => {
      await page.goto("/login");
      await expect(page.locator("html")).toHaveAttribute("data-theme", "system");
      await expectNoSeriousViolations(page, "/login");

      await page.goto("/signup");
      await expectNoSeriousViolations(page, "/signup");
      await passwordInput(page).fill("short");
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
      await expect(page.getByLabel("First name")).toHaveAttribute("aria-invalid", "true");
      await expectNoSeriousViolations(page, "/signup with errors");

      await page.goto("/login");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
      await expectNoSeriousViolations(page, "/login with errors");

      const missing = await page.goto("/no-such-page");
      expect(missing?.status()).toBe(404);
      await expectNoSeriousViolations(page, "404");
    });

    test("profile, appearance and the user menu", async ({ page, createUser, signIn }) => {
      // Unverified: the "verify your email" banner is scanned too.
      const account = await createUser({ theme, jobTitle: "Analyst", phoneNumber: "+442079460958", emailVerified: false });
      await signIn(page.context(), account);

      await page.goto("/settings/profile");
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      await expectNoSeriousViolations(page, "/settings/profile");

      await page.getByLabel("Phone number").fill("12345");
      await profileForm(page).getByRole("button", { name: "Save" }).click();
      await expect(page.getByLabel("Phone number")).toHaveAttribute("aria-invalid", "true");
      await expectNoSeriousViolations(page, "/settings/profile with errors");

      await page.goto("/settings/appearance");
      await expectNoSeriousViolations(page, "/settings/appearance");
      await themeForm(page).getByRole("button", { name: "Save" }).click();
      await expect(themeForm(page).getByRole("status")).toHaveText("Theme saved.");
      await expectNoSeriousViolations(page, "/settings/appearance saved");

      await page.getByRole("button", { name: "Open user menu" }).click();
      await expect(page.getByRole("menu")).toBeVisible();
      await expectNoSeriousViolations(page, "user menu open");

      const missing = await page.goto("/settings/no-such-page");
      expect(missing?.status()).toBe(404);
      await expectNoSeriousViolations(page, "404 signed in");
    });
  });
}

test("the sign-in form is reached in order with Tab and sent with Enter", async ({ page, createUser }) => {
  const { user, password } = await createUser();
  await page.goto("/login");
  await page.keyboard.press("Tab");
  await expect(emailInput(page)).toBeFocused();
  await page.keyboard.type(user.email);
  await page.keyboard.press("Tab");
  await expect(passwordInput(page)).toBeFocused();
  await page.keyboard.type(password);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeFocused();

  await passwordInput(page).press("Enter");
  await expect(page).toHaveURL(/\/settings\/profile$/);
});

test("the user menu opens with Enter, moves with the arrow keys and closes with Escape", async ({ page, account }) => {
  await page.goto("/settings/profile");
  const trigger = page.getByRole("button", { name: "Open user menu" });
  // Header order: the logo link home, then the menu button.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Latchkey" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(trigger).toBeFocused();

  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  await expect(menu).toContainText(account.user.email);
  await expect(trigger).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByRole("menuitem", { name: "Settings" })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("menuitem", { name: "Sign out" })).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(page.getByRole("menuitem", { name: "Settings" })).toBeFocused();

  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(trigger).toBeFocused();

  // And the keyboard alone signs out.
  await page.keyboard.press("Enter");
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("menuitem", { name: "Sign out" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/login$/);
});

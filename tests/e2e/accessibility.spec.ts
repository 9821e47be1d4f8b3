// axe-core on every page and state, in light and dark; and the keyboard paths people use.
import { createTestEmailToken, createTestPendingSignIn, enableTestTotp, pendingSignInCookie } from "./support/builders";
import { expect, test } from "./support/fixtures";
import { emailInput, gotoHydrated, passwordInput, profileForm, stepUpDialog, themeForm } from "./support/ui";
import { expectNoSeriousViolations } from "./support/axe";

for (const theme of ["light", "dark"] as const) {
  test.describe(`${theme} theme`, () => {
    // Signed-out pages follow the device ("system"); signed-in ones use the account's theme.
    test.use({ colorScheme: theme });

    test("sign-in, sign-up (empty and with errors) and a missing page", async ({ page }) => {
      test.slow(); // Six axe scans.
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
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
      await expectNoSeriousViolations(page, "/login with errors");

      const missing = await page.goto("/no-such-page");
      expect(missing?.status()).toBe(404);
      await expectNoSeriousViolations(page, "404");
    });

    test("profile, appearance and the user menu", async ({ page, createUser, signIn }) => {
      test.slow(); // Seven axe scans.
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

    test("password reset, the two-factor sign-in step and the outbox", async ({ page, createUser, db }) => {
      test.slow(); // Seven axe scans.
      const { user } = await createUser();
      await enableTestTotp(db, user.id);

      await page.goto("/forgot-password");
      await expectNoSeriousViolations(page, "/forgot-password");

      const token = await createTestEmailToken(db, { userId: user.id, email: user.email, purpose: "reset_password" });
      await page.goto(`/reset-password/${token}`);
      await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
      await expectNoSeriousViolations(page, "/reset-password/<token> (with the two-factor warning)");
      await page.goto("/reset-password/no-such-token");
      await expect(page.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
      await expectNoSeriousViolations(page, "/reset-password/<dead token>");

      await page.context().addCookies([pendingSignInCookie(await createTestPendingSignIn(db, user.id))]);
      await gotoHydrated(page, "/login/two-factor");
      await expect(page.getByRole("heading", { name: "Two-factor authentication", level: 1 })).toBeVisible();
      await expectNoSeriousViolations(page, "/login/two-factor");
      await page.getByRole("button", { name: "Use a recovery code" }).click();
      await expect(page.getByLabel("Recovery code")).toBeVisible();
      await expectNoSeriousViolations(page, "/login/two-factor with a recovery code");

      await db.outboxMessage.create({ data: { recipient: user.email, subject: "Accessibility check", textBody: "A message.", htmlBody: "<p>A message.</p>" } });
      await page.goto("/outbox");
      await expect(page.getByRole("heading", { name: "Outbox", level: 1 })).toBeVisible();
      await expectNoSeriousViolations(page, "/outbox");
    });

    test("the Security page with two-factor authentication off and on, and the step-up dialog", async ({ page, createUser, signIn, db }) => {
      test.slow(); // Eight axe scans.
      const off = await createUser({ theme });
      await signIn(page.context(), off);
      await gotoHydrated(page, "/settings/security");
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      await expectNoSeriousViolations(page, "/settings/security, 2FA off");

      await page.getByRole("button", { name: "Set up authenticator app" }).click();
      await expect(stepUpDialog(page)).toBeVisible();
      await expectNoSeriousViolations(page, "step-up dialog open");
      await stepUpDialog(page).getByLabel("Password", { exact: true }).fill("Not-The-Password-9");
      await stepUpDialog(page).getByRole("button", { name: "Confirm" }).click();
      await expect(stepUpDialog(page).getByRole("alert")).toBeVisible();
      await expectNoSeriousViolations(page, "step-up dialog with an error");
      await stepUpDialog(page).getByLabel("Password", { exact: true }).fill(off.password);
      await stepUpDialog(page).getByRole("button", { name: "Confirm" }).click();
      await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
      await expectNoSeriousViolations(page, "authenticator set-up (QR code), elevated");

      const on = await createUser({ theme });
      await enableTestTotp(db, on.user.id);
      await page.context().clearCookies();
      await signIn(page.context(), on);
      await gotoHydrated(page, "/settings/security");
      await expect(page.getByText("10 of 10 left.")).toBeVisible();
      await expectNoSeriousViolations(page, "/settings/security, 2FA on");
      await page.getByRole("button", { name: "Disable two-factor authentication" }).click();
      await expect(page.getByRole("dialog", { name: "Disable two-factor authentication?" })).toBeVisible();
      await expectNoSeriousViolations(page, "disable confirmation open");
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
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeFocused();

  await passwordInput(page).press("Enter");
  await expect(page).toHaveURL(/\/settings\/profile$/);
});

test("the user menu opens with Enter, moves with the arrow keys and closes with Escape", async ({ page, account }) => {
  await page.goto("/settings/profile");
  const trigger = page.getByRole("button", { name: "Open user menu" });
  // Header order: the logo link home, the notifications bell, then the menu button.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Latchkey" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Notifications", exact: true })).toBeFocused();
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

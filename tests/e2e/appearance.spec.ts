// Appearance: the theme is stored on the account and rendered by the server, so every device
// gets it in the first HTML (no flash of the wrong theme) and "System" needs no script.
import { expect, test } from "./support/fixtures";
import { bodyBackgroundLuminance, themeForm } from "./support/ui";

test("Dark is saved to the account and is in the first HTML on another device", async ({ page, account, browser, signIn, db }) => {
  await page.goto("/settings/appearance");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "system");
  await page.getByRole("radio", { name: /^Dark/ }).check();
  await themeForm(page).getByRole("button", { name: "Save" }).click();
  await expect(themeForm(page).getByRole("status")).toHaveText("Theme saved.");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  expect((await db.user.findUniqueOrThrow({ where: { id: account.user.id }, select: { theme: true } })).theme).toBe("dark");

  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect(page.getByRole("radio", { name: /^Dark/ })).toBeChecked();
  expect(await bodyBackgroundLuminance(page)).toBeLessThan(0.1);

  // A second device: its own session, light system preference. The server's very first bytes
  // already say dark, before any script could run.
  const other = await browser.newContext({ colorScheme: "light" });
  await signIn(other, account);
  for (const path of ["/settings/profile", "/settings/appearance"]) {
    const response = await other.request.get(path);
    expect(response.status()).toBe(200);
    expect(await response.text()).toMatch(/^<!DOCTYPE html><html[^>]*\sdata-theme="dark"/);
  }
  const otherPage = await other.newPage();
  await otherPage.goto("/settings/profile");
  await expect(otherPage.locator("html")).toHaveAttribute("data-theme", "dark");
  expect(await bodyBackgroundLuminance(otherPage)).toBeLessThan(0.1);
  await other.close();
});

test("System follows the device's color scheme", async ({ page, account }) => {
  await page.goto("/settings/appearance");
  await page.getByRole("radio", { name: /^Dark/ }).check();
  await themeForm(page).getByRole("button", { name: "Save" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");

  await page.getByRole("radio", { name: /^System/ }).check();
  await themeForm(page).getByRole("button", { name: "Save" }).click();
  await expect(themeForm(page).getByRole("status")).toHaveText("Theme saved.");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "system");

  await page.emulateMedia({ colorScheme: "dark" });
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "system");
  expect(await bodyBackgroundLuminance(page)).toBeLessThan(0.1);

  await page.emulateMedia({ colorScheme: "light" });
  expect(await bodyBackgroundLuminance(page)).toBeGreaterThan(0.9);
});

test("Light stays light on a dark device", async ({ page, account }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/settings/appearance");
  await page.getByRole("radio", { name: /^Light/ }).check();
  await themeForm(page).getByRole("button", { name: "Save" }).click();
  await expect(themeForm(page).getByRole("status")).toHaveText("Theme saved.");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  expect(await bodyBackgroundLuminance(page)).toBeGreaterThan(0.9);
});

// What a person does and sees, written once for every spec.
import { expect, type Locator, type Page } from "@playwright/test";

export type SignUpValues = {
  firstName: string;
  lastName: string;
  email: string;
  password: string;
  confirmPassword?: string;
  organizationName?: string;
};

/** exact: "New email" on the profile page and the "Email address" section also match "Email". */
export function emailInput(page: Page): Locator {
  return page.getByRole("textbox", { name: "Email", exact: true });
}

/** The profile form (the profile page has other forms: change email, banners). */
export function profileForm(page: Page): Locator {
  return page.locator("form").filter({ has: page.getByLabel("Job position") });
}

/** The theme form on the appearance page. */
export function themeForm(page: Page): Locator {
  return page.locator("form").filter({ has: page.getByRole("radio", { name: /^System/ }) });
}

export function passwordInput(page: Page): Locator {
  // exact: "Confirm password" and the "Password requirements" list also contain the word.
  return page.getByLabel("Password", { exact: true });
}

export async function fillSignUp(page: Page, values: SignUpValues): Promise<void> {
  await page.getByLabel("First name").fill(values.firstName);
  await page.getByLabel("Last name").fill(values.lastName);
  await emailInput(page).fill(values.email);
  await passwordInput(page).fill(values.password);
  await page.getByLabel("Confirm password").fill(values.confirmPassword ?? values.password);
  if (values.organizationName !== undefined) await page.getByLabel("Organization name").fill(values.organizationName);
}

export async function signUpThroughUi(page: Page, values: SignUpValues): Promise<void> {
  await page.goto("/signup");
  await fillSignUp(page, values);
  await page.getByRole("button", { name: "Create account" }).click();
}

export async function signInThroughUi(page: Page, email: string, password: string): Promise<void> {
  await emailInput(page).fill(email);
  await passwordInput(page).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

export async function signOutThroughUi(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Open user menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
}

/** The form's failure message. Scoped to <main>: Next's route announcer is an alert too. */
export function formAlert(page: Page): Locator {
  return page.getByRole("main").getByRole("alert");
}

/** The inline error is wired to its field: aria-invalid and the accessible description. */
export async function expectFieldError(field: Locator, message: string | RegExp): Promise<void> {
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(typeof message === "string" ? new RegExp(escapeRegExp(message)) : message);
}

export async function expectNoFieldError(field: Locator): Promise<void> {
  await expect(field).not.toHaveAttribute("aria-invalid", "true");
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Sets an input's value without the browser's limits (maxlength, typing), as a script could. */
export async function forceValue(field: Locator, value: string): Promise<void> {
  await field.evaluate((input: HTMLInputElement, next) => {
    input.removeAttribute("maxlength");
    input.value = next;
  }, value);
}

/** Relative luminance (0 black … 1 white) of the body's background, whatever the CSS color syntax. */
export async function bodyBackgroundLuminance(page: Page): Promise<number> {
  return page.evaluate(() => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 1;
    const context = canvas.getContext("2d");
    if (!context) throw new Error("no 2d canvas");
    context.fillStyle = getComputedStyle(document.body).backgroundColor;
    context.fillRect(0, 0, 1, 1);
    const [r, g, b] = Array.from(context.getImageData(0, 0, 1, 1).data).map((channel) => {
      const c = channel / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  });
}

/**
 * Goes to a page and waits until its client components are hydrated, so buttons that open
 * dialogs (client state) do so instead of posting the form without script.
 */
export async function gotoHydrated(page: Page, path: string): Promise<void> {
  await page.goto(path, { waitUntil: "networkidle" });
  // The scripts have arrived, but React hydrates after them in tasks of its own, and a click
  // before that lands on markup without handlers (a slow machine shows it). The browser's
  // first idle period, twice over, comes once those tasks are done.
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const idle = (then: () => void) => requestIdleCallback(then, { timeout: 5_000 });
        idle(() => idle(resolve));
      }),
  );
}

/** The step-up ("sudo mode") dialog: a native modal <dialog>, so only the open one is found. */
export function stepUpDialog(page: Page): Locator {
  return page.getByRole("dialog", { name: "Confirm it's you" });
}

/** Answers the step-up dialog with the password, or with a code for accounts with 2FA. */
export async function confirmStepUp(page: Page, answer: { password: string } | { code: string }): Promise<void> {
  const dialog = stepUpDialog(page);
  await expect(dialog).toBeVisible();
  if ("password" in answer) await dialog.getByLabel("Password", { exact: true }).fill(answer.password);
  else await dialog.getByLabel("Authentication code").fill(answer.code);
  await dialog.getByRole("button", { name: "Confirm" }).click();
}

/** "Elevated for 9:41 · End now" above the settings page. */
export function elevationBanner(page: Page): Locator {
  return page
    .getByRole("main")
    .locator("div")
    .filter({ hasText: /^Elevated for/ })
    .filter({ has: page.getByRole("button", { name: "End now" }) });
}

/** The password form of the Security page (its fields are labelled "Current password", "New password", …). */
export function passwordForm(page: Page): Locator {
  return page.locator("form").filter({ has: page.getByRole("checkbox", { name: "Sign out of other devices" }) });
}

/** Fills a "New password" + "Confirm new password" pair (exact: "Confirm new password" contains "New password"). */
export async function fillNewPassword(scope: Page | Locator, password: string, confirmation = password): Promise<void> {
  await scope.getByLabel("New password", { exact: true }).fill(password);
  await scope.getByLabel("Confirm new password", { exact: true }).fill(confirmation);
}

// Changing the password on the Security page, and resetting a forgotten one by email
// (T-B password rules, T-M2, T-F: other sessions end). The reset link is read from the
// outbox page in the browser, as a self-hosting person without SMTP would.
import { E2E_BASE_URL } from "./support/env";
import { expect, test } from "./support/fixtures";
import { linkIn, mailSubjects, readMailInOutbox } from "./support/mail";
import { createTestEmailToken, enableTestTotp, uniqueEmail } from "./support/builders";
import { totpCode } from "./support/totp";
import { confirmStepUp, emailInput, expectFieldError, fillNewPassword, formAlert, gotoHydrated, passwordForm, signInThroughUi, stepUpDialog } from "./support/ui";

const NEW_PASSWORD = "Velvet-Harbor-58";

test("changing the password: wrong current password, a common one, then success ends the other sessions", async ({ page, account, browser, signIn, db }) => {
  const { user, password } = account;
  const laptop = await browser.newContext();
  await signIn(laptop, account);
  const laptopPage = await laptop.newPage();
  await laptopPage.goto("/settings/profile");
  await expect(emailInput(laptopPage)).toHaveValue(user.email);

  await gotoHydrated(page, "/settings/security");
  const form = passwordForm(page);
  const current = form.getByLabel("Current password");
  const signOutOthers = form.getByRole("checkbox", { name: "Sign out of other devices" });
  await expect(signOutOthers).toBeChecked();
  const storedHash = async () => (await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } })).passwordHash;
  const before = await storedHash();

  await current.fill("Not-My-Password-1");
  await fillNewPassword(form, NEW_PASSWORD);
  await form.getByRole("button", { name: "Change password" }).click();
  await expectFieldError(current, "Your current password isn't right.");

  // Meets every rule of the checklist, yet appears in the leaked-password lists.
  await current.fill(password);
  await fillNewPassword(form, "Password1!");
  for (const rule of await form.getByRole("list", { name: "Password requirements" }).getByRole("listitem").all()) {
    await expect(rule).toHaveAttribute("data-met", "true");
  }
  await form.getByRole("button", { name: "Change password" }).click();
  await expectFieldError(form.getByLabel("New password", { exact: true }), /too common/);
  expect(await storedHash()).toBe(before);
  expect(await db.session.count({ where: { userId: user.id } })).toBe(2);

  await current.fill(password);
  await fillNewPassword(form, NEW_PASSWORD);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("status").first()).toHaveText("Password changed. 1 other session was signed out.");
  expect(await storedHash()).not.toBe(before);
  expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
  expect(await mailSubjects(db, user.email)).toContain("Your password was changed");

  // The other device is signed out on its next navigation; this one stays.
  await laptopPage.getByRole("link", { name: "Appearance" }).click();
  await expect(laptopPage).toHaveURL(/\/login(\?|$)/);
  await laptop.close();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Security", level: 1 })).toBeVisible();
});

test("a forgotten password is reset from the emailed link, once, and every session ends", async ({ page, createUser, browser, signIn, db }) => {
  // A long story: two reset requests (each answered at a fixed time), a mail, two browsers.
  test.setTimeout(60_000);
  const account = await createUser();
  const { user, password } = account;
  const laptop = await browser.newContext();
  await signIn(laptop, account);

  // The same answer whether or not the address has an account.
  const answers: string[] = [];
  const unknown = uniqueEmail("nobody");
  for (const email of [unknown, user.email]) {
    await gotoHydrated(page, "/forgot-password");
    await emailInput(page).fill(email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    const status = page.getByRole("main").getByRole("status").filter({ hasText: /\S/ });
    await expect(status).toBeVisible();
    answers.push((await status.textContent()) ?? "");
  }
  expect(answers[0]).toMatch(/^If an account exists for that address/);
  expect(answers[1]).toBe(answers[0]);
  // The link is mailed in the background, after the answer (the answer's time tells nothing).
  await expect.poll(() => mailSubjects(db, user.email)).toEqual(["Reset your password"]);
  expect(await mailSubjects(db, unknown)).toEqual([]);

  const link = linkIn(await readMailInOutbox(page.context(), db, { to: user.email, subject: "Reset your password" }), "/reset-password/");
  const response = await page.goto(link, { waitUntil: "networkidle" });
  // The token in the URL must not leak to anything the page links to or loads.
  expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await expect(page.getByText("two-factor authentication")).toHaveCount(0);
  // Opening the link changed nothing yet.
  expect(await db.session.count({ where: { userId: user.id } })).toBe(1);

  await fillNewPassword(page, NEW_PASSWORD);
  await page.getByRole("button", { name: "Reset password" }).click();
  await expect(page).toHaveURL(/\/login\?reset=1$/);
  await expect(page.getByRole("main").getByRole("status").filter({ hasText: /\S/ })).toHaveText("Your password was reset. Sign in with your new password.");
  // No automatic sign-in, and every session of the account is gone.
  expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain("latchkey.session");
  expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  const laptopPage = await laptop.newPage();
  await laptopPage.goto("/settings/profile");
  await expect(laptopPage).toHaveURL(/\/login(\?|$)/);
  await laptop.close();
  expect(await mailSubjects(db, user.email)).toContain("Your password was reset");

  // The link works once.
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Reset password" })).toHaveCount(0);

  // The old password is gone; the new one signs in.
  await page.goto("/login");
  await signInThroughUi(page, user.email, password);
  await expect(formAlert(page)).toHaveText("Email or password is incorrect.");
  await signInThroughUi(page, user.email, NEW_PASSWORD);
  await expect(page).toHaveURL(`${E2E_BASE_URL}/settings/profile`);
});

test("the reset page warns that two-factor authentication stays on", async ({ page, createUser, db }) => {
  const { user } = await createUser();
  await enableTestTotp(db, user.id);
  const token = await createTestEmailToken(db, { userId: user.id, email: user.email, purpose: "reset_password" });
  await page.goto(`/reset-password/${token}`);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await expect(page.getByText("Resetting the password doesn't remove it")).toBeVisible();
});

test("an account without a password sets one after confirming with its authenticator app", async ({ page, createUser, signIn, db }) => {
  const account = await createUser();
  const { user } = account;
  const { secret } = await enableTestTotp(db, user.id);
  // As an account made without a password (say, with a passkey) is stored.
  await db.user.update({ where: { id: user.id }, data: { passwordHash: null } });
  await signIn(page.context(), account);

  await gotoHydrated(page, "/settings/security");
  const form = passwordForm(page);
  await expect(form.getByLabel("Current password")).toHaveCount(0);
  await fillNewPassword(form, NEW_PASSWORD);
  await form.getByRole("button", { name: "Set password" }).click();
  // Setting a password needs a fresh step-up: with the app's code, since the account has 2FA.
  await confirmStepUp(page, { code: await totpCode(secret) });
  await expect(stepUpDialog(page)).toBeHidden();
  await expect(form.getByRole("status").first()).toHaveText("Password set.");
  expect((await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } })).passwordHash).toMatch(/^\$argon2id\$/);
  await expect(page.getByRole("button", { name: "Change password" })).toBeVisible();
});

// Sign-in regressions, through the sign-in pages as a person uses them (issue 8):
// - a locked account was told "Email or password is incorrect." even with the right
//   password; it now says sign-in is paused, and so does an unknown address after as many
//   attempts (item 3);
// - an internal error during sign-in (here a TOTP secret that no longer decrypts) read as a
//   wrong code; it now reaches the error page with a reference (item 4);
// - signing in while holding another account's session left that session alive (item 10).
import type { Page } from "@playwright/test";
import { enableTestTotp, uniqueEmail } from "./support/builders";
import { expect, test } from "./support/fixtures";
import { mailSubjects } from "./support/mail";
import { totpCode } from "./support/totp";
import type { Db } from "./support/db";
import { emailInput, formAlert, signInThroughUi } from "./support/ui";

/** The account lockout's budget (RATE_LIMITS["auth-failures:account"].points, never scaled). */
const LOCKOUT_BUDGET = 10;
const INCORRECT = "Email or password is incorrect.";
const PAUSED = "Too many attempts. Sign-in is paused for 15 minutes; we emailed you.";

/** Submits the sign-in form and returns the message it answers with. */
async function signInAnswer(page: Page, email: string, password: string): Promise<string> {
  await page.goto("/login");
  await signInThroughUi(page, email, password);
  await expect(formAlert(page)).toBeVisible();
  return (await formAlert(page).textContent()) ?? "";
}

/**
 * Counts failed attempts on a lockout counter (an account's, or an unknown address's), as if
 * they had been made: the attempts themselves, one by one, are the integration suite's
 * subject (tests/integration/rate-limits/lockout.test.ts).
 */
async function recordFailedAttempts(db: Db, counter: string, failures: number): Promise<void> {
  await db.rateLimiterFlexible.create({ data: { key: `latchkey:auth-failures:account:${counter}`, points: failures, expire: new Date(Date.now() + 60 * 60 * 1000) } });
}

test("a locked account says sign-in is paused, to the right password too; an unknown address says the same after as many attempts", async ({ page, createUser, db }) => {
  test.setTimeout(90_000);
  const { user, password } = await createUser();
  const nobody = uniqueEmail("nobody");
  await recordFailedAttempts(db, user.id, LOCKOUT_BUDGET - 1);
  await recordFailedAttempts(db, `unknown:${nobody}`, LOCKOUT_BUDGET - 1);

  // The attempt that uses up the budget still gets the generic answer, for both.
  expect(await signInAnswer(page, user.email, "Wrong-Password-1")).toBe(INCORRECT);
  expect(await signInAnswer(page, nobody, "Wrong-Password-1")).toBe(INCORRECT);
  // Then sign-in is paused, and says so: to the right password, and to the unknown address.
  expect(await signInAnswer(page, user.email, password)).toBe(PAUSED);
  expect(await signInAnswer(page, nobody, "Wrong-Password-1")).toBe(PAUSED);
  // The message is an alert in the form, with the email kept for the next try.
  await expect(emailInput(page)).toHaveValue(nobody);
  await expect(page).toHaveURL(/\/login$/);

  expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  expect(await mailSubjects(db, user.email)).toContain("Sign-in paused after failed attempts");
});

test("a second factor that cannot be checked (its secret no longer decrypts) shows the error page with a reference, not a wrong code", async ({
  page,
  createUser,
  db,
  serverErrors,
}) => {
  test.setTimeout(60_000);
  const account = await createUser();
  const other = await createUser();
  const { secret } = await enableTestTotp(db, account.user.id);
  await enableTestTotp(db, other.user.id);
  // Another row's ciphertext is bound to that row: it fails to decrypt here exactly as a
  // secret sealed under a previous ENCRYPTION_KEY does.
  const { totpSecretCiphertext } = await db.user.findUniqueOrThrow({ where: { id: other.user.id }, select: { totpSecretCiphertext: true } });
  await db.user.update({ where: { id: account.user.id }, data: { totpSecretCiphertext } });

  await page.goto("/login");
  await signInThroughUi(page, account.user.email, account.password);
  await expect(page).toHaveURL(/\/login\/two-factor/);
  await page.getByLabel("Authentication code").fill(await totpCode(secret));
  await page.getByRole("button", { name: "Verify" }).click();

  await expect(page.getByRole("heading", { name: "Something went wrong" })).toBeVisible();
  await expect(page.getByText(/tell your administrator the reference \S+\./)).toBeVisible();
  await expect(page.getByText(INCORRECT)).toHaveCount(0);
  await expect(page.getByText("That code didn't work.", { exact: false })).toHaveCount(0);
  expect(await db.session.count({ where: { userId: account.user.id } })).toBe(0);
  // The failed request is the one server error this test expects.
  expect(serverErrors).toEqual([expect.stringMatching(/^500 POST .*\/login\/two-factor/)]);
  serverErrors.length = 0;
});

test("signing in while holding another account's session ends that session, logged as a sign-out", async ({ page, createUser, signIn, db }) => {
  test.setTimeout(60_000);
  const previous = await createUser({ firstName: "Previous" });
  const next = await createUser({ firstName: "Next" });
  // The sign-in form is open, then the browser gets the other account's session (another
  // tab signed in meanwhile): the form still posts with that cookie.
  await page.goto("/login");
  const held = await signIn(page.context(), previous);

  await signInThroughUi(page, next.user.email, next.password);

  await expect(page).toHaveURL(/\/settings\/profile$/);
  await expect(emailInput(page)).toHaveValue(next.user.email);
  expect(await db.session.count({ where: { id: held.sessionId } })).toBe(0);
  expect(await db.session.count({ where: { userId: next.user.id } })).toBe(1);
  expect(await db.auditEvent.count({ where: { userId: previous.user.id, action: "user.signed_out" } })).toBe(1);
  // Back on a settings page: this browser is the new account only.
  await page.goto("/settings/profile");
  await expect(emailInput(page)).toHaveValue(next.user.email);
});

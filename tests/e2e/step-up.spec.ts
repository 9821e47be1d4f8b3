// Step-up re-authentication ("sudo mode", T-G1, T-G2): a sensitive action asks "Confirm it's
// you" unless this session confirmed within the last 10 minutes. The elevation lives on the
// server-side session row; the banner only shows it. The action here is "Set up authenticator
// app", which needs a step-up and whose effect (a pending TOTP secret) is easy to see.
import type { Page } from "@playwright/test";
import type { TestAccount } from "./support/builders";
import { expect, test } from "./support/fixtures";
import type { Db } from "./support/db";
import { confirmStepUp, elevationBanner, expectFieldError, gotoHydrated, stepUpDialog } from "./support/ui";

function setUpButton(page: Page) {
  return page.getByRole("region", { name: "Two-factor authentication" }).getByRole("button", { name: "Set up authenticator app" });
}

function setupKey(page: Page) {
  return page.locator('[aria-labelledby="setup-key-label"]');
}

/** What the step-up and the action leave in the database. */
async function snapshot(db: Db, account: TestAccount, sessionId: string) {
  const [user, session, audit] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: account.user.id }, select: { totpPendingSecretCiphertext: true, totpEnabledAt: true, passwordHash: true } }),
    db.session.findUniqueOrThrow({ where: { id: sessionId }, select: { stepUpAt: true, stepUpSecondFactor: true } }),
    db.auditEvent.findMany({ where: { userId: account.user.id }, select: { action: true }, orderBy: { createdAt: "asc" } }),
  ]);
  return { user, session, audit: audit.map((event) => event.action) };
}

test("a step-up shows the elevation banner, and “End now” makes the next action ask again", async ({ page, createUser, signIn, db }) => {
  const account = await createUser();
  const { sessionId } = await signIn(page.context(), account);
  await gotoHydrated(page, "/settings/security");
  await expect(elevationBanner(page)).toHaveCount(0);

  await setUpButton(page).click();
  await confirmStepUp(page, { password: account.password });
  await expect(setupKey(page)).toBeVisible();
  await expect(elevationBanner(page)).toBeVisible();
  await expect(elevationBanner(page)).toContainText(/Elevated for (10:00|9:[0-5]\d)/);
  const stepped = await snapshot(db, account, sessionId);
  expect(stepped.session.stepUpAt).not.toBeNull();
  expect(stepped.audit).toContain("session.stepped_up");

  await elevationBanner(page).getByRole("button", { name: "End now" }).click();
  await expect(elevationBanner(page)).toHaveCount(0);
  expect((await snapshot(db, account, sessionId)).session.stepUpAt).toBeNull();

  await gotoHydrated(page, "/settings/security");
  await expect(elevationBanner(page)).toHaveCount(0);
  await setUpButton(page).click();
  await expect(stepUpDialog(page)).toBeVisible();
  await expect(setupKey(page)).toHaveCount(0);
});

test("cancelling the step-up dialog leaves everything as it was", async ({ page, createUser, signIn, db }) => {
  const account = await createUser();
  const { sessionId } = await signIn(page.context(), account);
  const before = await snapshot(db, account, sessionId);
  await gotoHydrated(page, "/settings/security");

  await setUpButton(page).click();
  await expect(stepUpDialog(page)).toBeVisible();
  await expect(stepUpDialog(page).getByLabel("Password", { exact: true })).toBeFocused();
  await stepUpDialog(page).getByRole("button", { name: "Cancel" }).click();
  await expect(stepUpDialog(page)).toBeHidden();

  // Escape closes it too (a native modal dialog).
  await setUpButton(page).click();
  await expect(stepUpDialog(page)).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(stepUpDialog(page)).toBeHidden();

  await expect(setupKey(page)).toHaveCount(0);
  await expect(elevationBanner(page)).toHaveCount(0);
  await expect(setUpButton(page)).toBeVisible();
  // Two prompts were answered STEP_UP_REQUIRED; nothing was written.
  expect(await snapshot(db, account, sessionId)).toEqual(before);
});

test("a wrong password in the dialog is refused inline and the action does not happen", async ({ page, createUser, signIn, db }) => {
  const account = await createUser();
  const { sessionId } = await signIn(page.context(), account);
  await gotoHydrated(page, "/settings/security");

  await setUpButton(page).click();
  await confirmStepUp(page, { password: "Not-The-Password-9" });
  const dialog = stepUpDialog(page);
  await expect(dialog.getByRole("alert")).toHaveText("That password isn't right. Try again.");
  await expectFieldError(dialog.getByLabel("Password", { exact: true }), "That password isn't right.");
  await expect(dialog).toBeVisible();
  await expect(setupKey(page)).toHaveCount(0);
  const refused = await snapshot(db, account, sessionId);
  expect(refused.session.stepUpAt).toBeNull();
  expect(refused.user.totpPendingSecretCiphertext).toBeNull();
  expect(refused.audit).toContain("session.step_up_failed");

  // The right password in the same dialog then lets the action through.
  await confirmStepUp(page, { password: account.password });
  await expect(dialog).toBeHidden();
  await expect(setupKey(page)).toBeVisible();
  expect((await snapshot(db, account, sessionId)).user.totpPendingSecretCiphertext).not.toBeNull();
});

test("a step-up older than 10 minutes no longer counts (T-G2)", async ({ page, createUser, signIn, db }) => {
  const account = await createUser();
  const { sessionId } = await signIn(page.context(), account);
  const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60 * 1000);

  // 9 minutes ago: still elevated, the action goes straight through.
  await db.session.update({ where: { id: sessionId }, data: { stepUpAt: minutesAgo(9) } });
  await gotoHydrated(page, "/settings/security");
  await expect(elevationBanner(page)).toContainText(/Elevated for (0:[0-5]\d|1:00)/);
  await setUpButton(page).click();
  await expect(setupKey(page)).toBeVisible();
  await expect(stepUpDialog(page)).toHaveCount(0);

  // 11 minutes ago: no banner, and the action asks again.
  await db.session.update({ where: { id: sessionId }, data: { stepUpAt: minutesAgo(11) } });
  await db.user.update({ where: { id: account.user.id }, data: { totpPendingSecretCiphertext: null, totpPendingExpiresAt: null } });
  await gotoHydrated(page, "/settings/security");
  await expect(elevationBanner(page)).toHaveCount(0);
  await setUpButton(page).click();
  await expect(stepUpDialog(page)).toBeVisible();
  await expect(setupKey(page)).toHaveCount(0);
  expect((await snapshot(db, account, sessionId)).user.totpPendingSecretCiphertext).toBeNull();
});

test("an elevation belongs to its session: another session of the same account is asked", async ({ page, createUser, signIn, db, browser }) => {
  const account = await createUser();
  const { sessionId } = await signIn(page.context(), account);
  await db.session.update({ where: { id: sessionId }, data: { stepUpAt: new Date() } });

  const other = await browser.newContext();
  await signIn(other, account);
  const otherPage = await other.newPage();
  await gotoHydrated(otherPage, "/settings/security");
  await expect(elevationBanner(otherPage)).toHaveCount(0);
  await setUpButton(otherPage).click();
  await expect(stepUpDialog(otherPage)).toBeVisible();
  await expect(setupKey(otherPage)).toHaveCount(0);
  await other.close();
});

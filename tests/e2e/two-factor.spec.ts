// Two-factor authentication with an authenticator app, end to end (T-D2, T-D4, T-D5, T-M3):
// enrollment on the Security page, the second sign-in step, recovery codes (single use, shown
// once, replaced on regeneration) and turning it off. Codes are computed by the test (otplib).
import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { enableTestTotp } from "./support/builders";
import { PENDING_SIGN_IN_COOKIE, SESSION_COOKIE } from "./support/env";
import { expect, test } from "./support/fixtures";
import { mailSubjects } from "./support/mail";
import { serverTotpStep, totpCode, unusedTotpCode, wrongTotpCode } from "./support/totp";
import { confirmStepUp, expectFieldError, formAlert, gotoHydrated, signInThroughUi, signOutThroughUi, stepUpDialog } from "./support/ui";

const RECOVERY_CODE = /^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/;

function twoFactorSection(page: Page) {
  return page.getByRole("region", { name: "Two-factor authentication" });
}

async function cookieNames(page: Page): Promise<string[]> {
  return (await page.context().cookies()).map((cookie) => cookie.name);
}

/** Password step through the UI: lands on the second step, with no session yet. */
async function signInToSecondStep(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await signInThroughUi(page, email, password);
  await expect(page).toHaveURL(/\/login\/two-factor\?next=%2Fsettings%2Fprofile$/);
  await expect(page.getByRole("heading", { name: "Two-factor authentication", level: 1 })).toBeVisible();
}

async function enterRecoveryCode(page: Page, code: string): Promise<void> {
  const toggle = page.getByRole("button", { name: "Use a recovery code" });
  if (await toggle.isVisible()) await toggle.click();
  await page.getByLabel("Recovery code").fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
}

test("enrolling an authenticator app, then signing in with it", async ({ page, account, db }) => {
  // The longest story of the suite: enrollment, recovery codes, sign-out, the two-step sign-in.
  test.setTimeout(60_000);
  const { user, password } = account;
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await gotoHydrated(page, "/settings/security");
  const section = twoFactorSection(page);
  await expect(section).toContainText("Off.");

  // Step-up with the password first, then the QR code and the setup key.
  await section.getByRole("button", { name: "Set up authenticator app" }).click();
  await confirmStepUp(page, { password });
  await expect(stepUpDialog(page)).toBeHidden();
  await expect(section.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  await expect(section.getByRole("img", { name: "QR code for your authenticator app" }).locator("svg")).toBeVisible();
  const secret = ((await section.locator('[aria-labelledby="setup-key-label"]').textContent()) ?? "").trim();
  // 160 bits in base32.
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  const stored = () => db.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpEnabledAt: true, totpSecretCiphertext: true, totpPendingSecretCiphertext: true } });
  expect(await stored()).toMatchObject({ totpEnabledAt: null, totpSecretCiphertext: null });
  expect((await stored()).totpPendingSecretCiphertext).not.toContain(secret);

  // A wrong code is refused inline and enables nothing.
  const code = section.getByLabel("Authentication code");
  await code.fill(await wrongTotpCode(secret));
  await section.getByRole("button", { name: "Verify and enable" }).click();
  await expectFieldError(code, "That code didn't work.");
  expect((await stored()).totpEnabledAt).toBeNull();

  await code.fill(await totpCode(secret));
  await section.getByRole("button", { name: "Verify and enable" }).click();

  // Ten recovery codes, shown this once.
  const list = section.getByRole("list", { name: "Recovery codes" });
  await expect(list.getByRole("listitem")).toHaveCount(10);
  const codes = (await list.getByRole("listitem").allTextContents()).map((text) => text.trim());
  for (const recoveryCode of codes) expect(recoveryCode).toMatch(RECOVERY_CODE);
  expect(new Set(codes).size).toBe(10);
  const enabled = await stored();
  expect(enabled.totpEnabledAt).not.toBeNull();
  expect(enabled.totpSecretCiphertext).not.toContain(secret);
  // Stored hashed, never in clear.
  const hashes = await db.recoveryCode.findMany({ where: { userId: user.id }, select: { codeHash: true, usedAt: true } });
  expect(hashes).toHaveLength(10);
  for (const { codeHash, usedAt } of hashes) {
    expect(codeHash).toMatch(/^\$argon2id\$/);
    expect(usedAt).toBeNull();
    for (const recoveryCode of codes) expect(codeHash).not.toContain(recoveryCode.replace("-", ""));
  }

  const downloading = page.waitForEvent("download");
  await section.getByRole("button", { name: "Download (.txt)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.txt$/);
  const file = await readFile((await download.path())!, "utf8");
  for (const recoveryCode of codes) expect(file).toContain(recoveryCode);

  await section.getByRole("button", { name: "Copy" }).click();
  await expect(section.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(codes.join("\n"));

  await section.getByRole("button", { name: "I have saved these codes" }).click();
  await expect(section.getByText("10 of 10 left.")).toBeVisible();
  await expect(section).toContainText("On since");
  await page.reload();
  await expect(section.getByText("10 of 10 left.")).toBeVisible();
  await expect(page.getByRole("list", { name: "Recovery codes" })).toHaveCount(0);
  expect(await page.content()).not.toContain(codes[0]);
  expect(await mailSubjects(db, user.email)).toContain("Two-factor authentication is on");

  // Signing in now takes two steps, and nothing behind sign-in opens after the first.
  await signOutThroughUi(page);
  await signInToSecondStep(page, user.email, password);
  expect(await cookieNames(page)).toContain(PENDING_SIGN_IN_COOKIE);
  expect(await cookieNames(page)).not.toContain(SESSION_COOKIE);
  expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  for (const path of ["/settings/profile", "/settings/security"]) {
    await page.goto(path);
    await expect(page, path).toHaveURL(/\/login\?next=/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  }

  await page.goto("/login/two-factor");
  await page.getByLabel("Authentication code").fill(await unusedTotpCode(db, user.id, secret));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/settings\/profile$/);
  expect(await db.session.findMany({ where: { userId: user.id }, select: { signInMethod: true } })).toEqual([{ signInMethod: "password+totp" }]);
  expect(await cookieNames(page)).not.toContain(PENDING_SIGN_IN_COOKIE);
});

test("a used TOTP code is refused at sign-in", async ({ page, createUser, db }) => {
  const { user, password } = await createUser();
  const { secret } = await enableTestTotp(db, user.id);
  // The account just used the current step (say, in another browser).
  const step = await serverTotpStep();
  const used = await totpCode(secret, step);
  await db.user.update({ where: { id: user.id }, data: { totpLastUsedStep: step } });

  await signInToSecondStep(page, user.email, password);
  const field = page.getByLabel("Authentication code");
  await field.fill(used);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(formAlert(page)).toHaveText("That code didn't work. Enter the current code from your app.");
  await expectFieldError(page.getByLabel("Authentication code"), "That code didn't work.");
  await expect(page).toHaveURL(/\/login\/two-factor/);
  expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  expect(await db.auditEvent.count({ where: { userId: user.id, action: "two_factor.code_reused" } })).toBe(1);
});

test("a recovery code signs in once, and regenerating the codes retires the old ones", async ({ page, createUser, db }) => {
  // Three sign-ins (each recovery code checked against up to ten argon2id hashes), a step-up
  // and the proof-of-work check: more than the default 30 s on a busy machine.
  test.setTimeout(60_000);
  const { user, password } = await createUser();
  const { secret, recoveryCodes } = await enableTestTotp(db, user.id);
  const [first, second, untouched] = recoveryCodes as [string, string, string];

  await signInToSecondStep(page, user.email, password);
  await enterRecoveryCode(page, first);
  await expect(page).toHaveURL(/\/settings\/profile$/);
  expect(await db.session.findMany({ where: { userId: user.id }, select: { signInMethod: true } })).toEqual([{ signInMethod: "password+recovery_code" }]);
  await page.goto("/settings/security");
  await expect(twoFactorSection(page).getByText("9 of 10 left.")).toBeVisible();
  expect(await mailSubjects(db, user.email)).toContain("A recovery code was used");

  // The same code a second time is refused.
  await signOutThroughUi(page);
  await signInToSecondStep(page, user.email, password);
  await enterRecoveryCode(page, first);
  await expect(formAlert(page)).toHaveText("That recovery code didn't work.");
  await expectFieldError(page.getByLabel("Recovery code"), "That recovery code didn't work.");
  await expect(page).toHaveURL(/\/login\/two-factor/);
  expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  expect(await db.recoveryCode.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(1);
  // Another unused code still works in the same sign-in.
  await enterRecoveryCode(page, second.toUpperCase().replace("-", " "));
  await expect(page).toHaveURL(/\/settings\/profile$/);

  // Regenerate: step-up with a code from the app, then the proof-of-work check.
  await gotoHydrated(page, "/settings/security");
  const section = twoFactorSection(page);
  await expect(section.getByText("8 of 10 left.")).toBeVisible();
  await section.getByRole("button", { name: "Regenerate recovery codes" }).click();
  await expect(stepUpDialog(page).getByLabel("Authentication code")).toBeVisible();
  await confirmStepUp(page, { code: await unusedTotpCode(db, user.id, secret) });
  await expect(stepUpDialog(page)).toBeHidden();
  // The ALTCHA widget solves itself; its hidden field then carries the solution.
  await expect(section.locator('input[name="altcha"]')).toHaveValue(/.+/, { timeout: 20_000 });
  await section.getByRole("button", { name: "Regenerate recovery codes" }).click();
  const list = section.getByRole("list", { name: "Recovery codes" });
  await expect(list.getByRole("listitem")).toHaveCount(10);
  const fresh = (await list.getByRole("listitem").allTextContents()).map((text) => text.trim());
  for (const code of fresh) expect(recoveryCodes).not.toContain(code);
  expect(await mailSubjects(db, user.email)).toContain("New recovery codes were created");
  await section.getByRole("button", { name: "I have saved these codes" }).click();
  await expect(section.getByText("10 of 10 left.")).toBeVisible();
  expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(10);

  // An old code that was never used is dead; a new one works.
  await signOutThroughUi(page);
  await signInToSecondStep(page, user.email, password);
  await enterRecoveryCode(page, untouched);
  await expect(formAlert(page)).toHaveText("That recovery code didn't work.");
  await enterRecoveryCode(page, fresh[0]!);
  await expect(page).toHaveURL(/\/settings\/profile$/);
});

test("turning two-factor authentication off asks twice, then the password alone signs in", async ({ page, createUser, signIn, db }) => {
  const account = await createUser();
  const { user, password } = account;
  const { secret } = await enableTestTotp(db, user.id);
  await signIn(page.context(), account);
  await gotoHydrated(page, "/settings/security");
  const section = twoFactorSection(page);
  await expect(section).toContainText("On since");

  // Cancelling the confirmation changes nothing.
  await section.getByRole("button", { name: "Disable two-factor authentication" }).click();
  const confirmation = page.getByRole("dialog", { name: "Disable two-factor authentication?" });
  await expect(confirmation).toBeVisible();
  await expect(confirmation.getByRole("button", { name: "Cancel" })).toBeFocused();
  await confirmation.getByRole("button", { name: "Cancel" }).click();
  await expect(confirmation).toBeHidden();
  await expect(stepUpDialog(page)).toBeHidden();

  await section.getByRole("button", { name: "Disable two-factor authentication" }).click();
  await confirmation.getByRole("button", { name: "Disable" }).click();
  // Not elevated: the step-up dialog asks for a code before anything is removed.
  await expect(stepUpDialog(page).getByLabel("Authentication code")).toBeVisible();
  expect((await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpEnabledAt: true } })).totpEnabledAt).not.toBeNull();
  await confirmStepUp(page, { code: await unusedTotpCode(db, user.id, secret) });
  await expect(section.getByRole("button", { name: "Set up authenticator app" })).toBeVisible();
  await expect(section).toContainText("Off.");
  expect(await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpEnabledAt: true, totpSecretCiphertext: true } })).toEqual({
    totpEnabledAt: null,
    totpSecretCiphertext: null,
  });
  expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
  expect(await mailSubjects(db, user.email)).toContain("Two-factor authentication is off");

  await signOutThroughUi(page);
  await signInThroughUi(page, user.email, password);
  await expect(page).toHaveURL(/\/settings\/profile$/);
});

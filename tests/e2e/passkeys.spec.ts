// Passkeys end to end with Chromium's virtual authenticator (T-E1 happy path, T-E4 lifecycle):
// adding one on the Passkeys page (step-up first, duplicates refused), renaming (names are
// text, never markup), signing in with it without typing an email, deleting it; a password-less
// account; and a passkey with two-factor authentication (second step, or the whole sign-in).
import type { Page } from "@playwright/test";
import { enableTestTotp } from "./support/builders";
import { SESSION_COOKIE } from "./support/env";
import { expect, test } from "./support/fixtures";
import { mailSubjects } from "./support/mail";
import { confirmStepUp, elevationBanner, emailInput, expectFieldError, formAlert, gotoHydrated, passwordInput, signOutThroughUi, stepUpDialog } from "./support/ui";
import { addVirtualAuthenticator, disablePasskeyAutofill, seedPasskey, toBase64Url } from "./support/webauthn";

// Several sign-ins and passkey prompts per test: room for a busy machine.
test.describe.configure({ timeout: 60_000 });

function passkeyList(page: Page) {
  return page.getByRole("list", { name: "Your passkeys" });
}

function passkeyItem(page: Page, name: string) {
  return passkeyList(page).getByRole("listitem").filter({ hasText: name });
}

/** The current session's line on the Sessions page. */
function currentSession(page: Page) {
  return page.getByRole("list", { name: "Signed-in sessions" }).getByRole("listitem").filter({ hasText: "This device" });
}

async function hasSessionCookie(page: Page): Promise<boolean> {
  return (await page.context().cookies()).some((cookie) => cookie.name === SESSION_COOKIE);
}

/**
 * Email and password on /login. (support/ui.ts's signInThroughUi clicks name "Sign in", which
 * once hydrated also matches "Sign in with a passkey".)
 */
async function signInWithPassword(page: Page, email: string, password: string): Promise<void> {
  await emailInput(page).fill(email);
  await passwordInput(page).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** "Sign in with a passkey" on /login, without typing anything. */
async function signInWithPasskeyButton(page: Page): Promise<void> {
  await gotoHydrated(page, "/login");
  await expect(emailInput(page)).toHaveValue("");
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
}

test("add a passkey, refuse it twice, rename it, sign in with it, delete it", async ({ page, account, db }) => {
  test.setTimeout(120_000);
  const { user, password } = account;
  await disablePasskeyAutofill(page);
  const authenticator = await addVirtualAuthenticator(page);
  await gotoHydrated(page, "/settings/passkeys");
  await expect(page.getByText("You have no passkeys yet.")).toBeVisible();

  // Adding needs a step-up first: no ceremony runs before it.
  await page.getByLabel("Passkey name").fill("Work laptop");
  await page.getByRole("button", { name: "Add passkey" }).click();
  await expect(stepUpDialog(page)).toBeVisible();
  expect(await authenticator.credentials()).toEqual([]);
  await confirmStepUp(page, { password });

  const item = passkeyItem(page, "Work laptop");
  await expect(item).toBeVisible();
  await expect(item).toContainText("This device only");
  await expect(item).toContainText("Last used Never");
  await expect(item).toContainText(/Added .+/);
  // What the server stored is the credential the authenticator made.
  const [credential] = await authenticator.credentials();
  const stored = await db.passkey.findMany({ where: { userId: user.id } });
  expect(stored).toEqual([
    expect.objectContaining({ credentialId: toBase64Url(credential!.credentialId), name: "Work laptop", backedUp: false, deviceType: "singleDevice", lastUsedAt: null }),
  ]);
  expect(stored[0]!.publicKey.length).toBeGreaterThan(40);
  expect(await mailSubjects(db, user.email)).toContain("A passkey was added to your account");

  // The same authenticator again: the browser is told to exclude it, and nothing is added.
  await page.getByRole("button", { name: "Add passkey" }).click();
  await expect(formAlert(page)).toContainText("already added");
  expect(await db.passkey.count({ where: { userId: user.id } })).toBe(1);
  expect(await authenticator.credentials()).toHaveLength(1);

  // Rename: an empty name is refused inline; markup is kept as text and never runs.
  await item.getByRole("button", { name: "Rename Work laptop" }).click();
  const newName = page.getByLabel("New name");
  await newName.fill("");
  await page.getByRole("button", { name: "Save" }).click();
  await expectFieldError(newName, "Enter a name for the passkey.");
  const markup = "<img src=x onerror=window.pwned=1>";
  await newName.fill(markup);
  await page.getByRole("button", { name: "Save" }).click();
  const renamed = passkeyItem(page, markup);
  await expect(renamed).toBeVisible();
  await expect(passkeyList(page).locator("img")).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { pwned?: unknown }).pwned)).toBeUndefined();
  expect((await db.passkey.findFirstOrThrow({ where: { userId: user.id } })).name).toBe(markup);
  // Rename stays available after a rename.
  await renamed.getByRole("button", { name: `Rename ${markup}` }).click();
  await expect(page.getByLabel("New name")).toHaveValue(markup);
  await page.getByRole("button", { name: "Cancel" }).click();

  // Sign out, then sign in with the passkey alone: no email typed.
  await signOutThroughUi(page);
  expect(await hasSessionCookie(page)).toBe(false);
  await signInWithPasskeyButton(page);
  await expect(page).toHaveURL(/\/settings\/profile$/);
  expect(await hasSessionCookie(page)).toBe(true);
  await gotoHydrated(page, "/settings/sessions");
  await expect(currentSession(page)).toContainText("· Passkey");
  await gotoHydrated(page, "/settings/passkeys");
  await expect(passkeyItem(page, markup)).not.toContainText("Last used Never");
  await expect(passkeyItem(page, markup)).toContainText(/Last used \S/);

  // Delete: confirm, then step up (this new session is not elevated).
  await passkeyItem(page, markup)
    .getByRole("button", { name: `Delete ${markup}` })
    .click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await confirmStepUp(page, { password });
  await expect(page.getByText("You have no passkeys yet.")).toBeVisible();
  expect(await db.passkey.count({ where: { userId: user.id } })).toBe(0);
});

test("a password-less account: remove the password with a passkey step-up, keep the last passkey, sign in with it", async ({ page, account, db }) => {
  test.setTimeout(120_000);
  const { user, password } = account;
  await disablePasskeyAutofill(page);
  await addVirtualAuthenticator(page);
  await gotoHydrated(page, "/settings/passkeys");
  await page.getByLabel("Passkey name").fill("Only key");
  await page.getByRole("button", { name: "Add passkey" }).click();
  await confirmStepUp(page, { password });
  await expect(passkeyItem(page, "Only key")).toBeVisible();

  // End the elevation the password gave, so removing the password asks again.
  await gotoHydrated(page, "/settings/security");
  await elevationBanner(page).getByRole("button", { name: "End now" }).click();
  await expect(elevationBanner(page)).toBeHidden();
  await page.getByRole("button", { name: "Remove password" }).click();
  await page.getByRole("dialog", { name: "Remove your password?" }).getByRole("button", { name: "Remove password" }).click();
  await expect(stepUpDialog(page)).toBeVisible();
  await stepUpDialog(page).getByRole("button", { name: "Use a passkey instead" }).click();
  await expect(page.getByText("Your account has no password. Set one to sign in with your email and password.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Set password" })).toBeVisible();
  expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBeNull();
  await gotoHydrated(page, "/settings/security");
  await expect(page.getByRole("button", { name: "Set password" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Remove password" })).toHaveCount(0);

  // The last way to sign in cannot be deleted (the passkey step-up above is still fresh).
  await gotoHydrated(page, "/settings/passkeys");
  await passkeyItem(page, "Only key").getByRole("button", { name: "Delete Only key" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await expect(passkeyItem(page, "Only key")).toContainText("This is your only way to sign in. Set a password or add another passkey before you delete it.");
  expect(await db.passkey.count({ where: { userId: user.id } })).toBe(1);

  // The old password no longer signs in; the passkey does.
  await signOutThroughUi(page);
  await gotoHydrated(page, "/login");
  await signInWithPassword(page, user.email, password);
  await expect(formAlert(page)).toContainText("Email or password is incorrect.");
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page).toHaveURL(/\/settings\/profile$/);
  expect(await db.session.findMany({ where: { userId: user.id }, select: { signInMethod: true } })).toEqual([{ signInMethod: "passkey" }]);
});

test("two-factor account: a passkey completes the second step, and a passkey sign-in skips it", async ({ page, createUser, db }) => {
  const { user, password } = await createUser();
  await enableTestTotp(db, user.id);
  await disablePasskeyAutofill(page);
  const authenticator = await addVirtualAuthenticator(page);
  await seedPasskey(db, authenticator, user.id, { name: "Phone" });

  // Password, then "Use a passkey" instead of a code.
  await gotoHydrated(page, "/login");
  await signInWithPassword(page, user.email, password);
  await expect(page).toHaveURL(/\/login\/two-factor/);
  await page.waitForLoadState("networkidle");
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page).toHaveURL(/\/settings\/profile$/);
  await gotoHydrated(page, "/settings/sessions");
  await expect(currentSession(page)).toContainText("· Password and passkey");
  await signOutThroughUi(page);

  // "Sign in with a passkey": the passkey is both factors, the second step never shows.
  const visited: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) visited.push(new URL(frame.url()).pathname);
  });
  await signInWithPasskeyButton(page);
  await expect(page).toHaveURL(/\/settings\/profile$/);
  expect(visited.filter((path) => path.startsWith("/login/two-factor"))).toEqual([]);
  expect(await db.pendingSignIn.count({ where: { userId: user.id } })).toBe(0);
  expect((await db.session.findMany({ where: { userId: user.id }, select: { signInMethod: true } })).map((session) => session.signInMethod)).toEqual(["passkey"]);
});

test("passkey autofill: the Email field offers passkeys, and picking one signs in", async ({ page, createUser, db }) => {
  const { user } = await createUser();
  const authenticator = await addVirtualAuthenticator(page);
  await seedPasskey(db, authenticator, user.id);

  // The virtual authenticator picks the offered passkey at once, as a person choosing it would.
  await page.goto("/login");
  await expect(page).toHaveURL(/\/settings\/profile$/);
  expect((await db.session.findMany({ where: { userId: user.id }, select: { signInMethod: true } })).map((session) => session.signInMethod)).toEqual(["passkey"]);

  // Signed out, the field still advertises passkeys to the browser.
  await page.context().clearCookies();
  await authenticator.remove();
  await page.goto("/login");
  await expect(page.getByRole("textbox", { name: "Email", exact: true })).toHaveAttribute("autocomplete", "username webauthn");
});

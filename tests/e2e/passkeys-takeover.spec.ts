// Pre-registration takeover, the whole story in two browsers (security catalog, section R;
// issue 8, item 5). An attacker signs up with the victim's address before the victim does and
// tries to plant a passkey; the victim, unable to sign up, resets the password from the emailed
// link and signs in. The planted passkey must not sign in afterwards, and the attacker's
// session must be gone.
/** @see issue 8 */
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page, Request } from "@playwright/test";
import { TEST_PASSWORD, uniqueEmail } from "./support/builders";
import type { Db } from "./support/db";
import { expect, test } from "./support/fixtures";
import { linkIn, readMailInOutbox } from "./support/mail";
import { confirmStepUp, emailInput, fillNewPassword, formAlert, gotoHydrated, passwordInput, signUpThroughUi } from "./support/ui";
import { addVirtualAuthenticator, disablePasskeyAutofill, seedPasskey } from "./support/webauthn";

const VICTIM_PASSWORD = "Rightful-Owner-Lamp-42";
const PASSKEY_SIGN_IN_FAILED = "That passkey didn't sign you in. Try again, or sign in with your email and password.";
const REFUSED_UNVERIFIED = (email: string) => `Verify your email address before you add a passkey: open the link we sent to ${email}, or send a new one.`;

/** The victim's browser: asks for a reset, opens the link from the mail, sets a password, signs in. */
async function victimResetsAndSignsIn(browser: Browser, db: Db, email: string): Promise<Page> {
  const victim = await (await browser.newContext()).newPage();
  // Signing up is refused: the address is taken.
  await signUpThroughUi(victim, { firstName: "Vera", lastName: "Owner", email, password: VICTIM_PASSWORD });
  await expect(formAlert(victim)).toBeVisible();
  await expect(victim).toHaveURL(/\/signup$/);

  await gotoHydrated(victim, "/forgot-password");
  await emailInput(victim).fill(email);
  await victim.getByRole("button", { name: "Send reset link" }).click();
  await expect(victim.getByRole("main").getByRole("status").filter({ hasText: /\S/ })).toBeVisible();
  const link = linkIn(await readMailInOutbox(victim.context(), db, { to: email, subject: "Reset your password" }), "/reset-password/");
  await victim.goto(link);
  await fillNewPassword(victim, VICTIM_PASSWORD);
  await victim.getByRole("button", { name: "Reset password" }).click();
  await expect(victim).toHaveURL(/\/login\?reset=1$/);

  await emailInput(victim).fill(email);
  await passwordInput(victim).fill(VICTIM_PASSWORD);
  await victim.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(victim).toHaveURL(/\/settings\/profile$/);
  // The reset link proved the address: no "verify your email" banner any more.
  await expect(victim.getByRole("button", { name: "Resend verification email" })).toHaveCount(0);
  return victim;
}

/** "Sign in with a passkey" on /login in the attacker's browser. */
async function signInWithPasskey(page: Page): Promise<void> {
  await gotoHydrated(page, "/login");
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
}

test("an attacker who signed up with the victim's address cannot add a passkey; the victim's reset ends the attacker's session", async ({
  page,
  browser,
  db,
  createUser,
  signIn,
  forgetAfterTest,
}) => {
  // Three browsers and a dozen server round trips: room for a busy machine.
  test.setTimeout(180_000);
  const email = uniqueEmail("victim");
  forgetAfterTest(email);
  await disablePasskeyAutofill(page);
  const authenticator = await addVirtualAuthenticator(page);

  // The attacker signs up with the victim's address (never verified) and opens Passkeys.
  await signUpThroughUi(page, { firstName: "Mallory", lastName: "Attacker", email, password: TEST_PASSWORD });
  await expect(page).toHaveURL(/\/settings\/profile$/);
  await gotoHydrated(page, "/settings/passkeys");
  await expect(page.getByText("Verify your email address before you add a passkey.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Add passkey" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Send a new verification link" })).toBeVisible();
  // Nor an authenticator app.
  await gotoHydrated(page, "/settings/security");
  await expect(page.getByText("Verify your email address before you add an authenticator app.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Set up authenticator app" })).toHaveCount(0);

  // The page's own action, sent by the attacker's script anyway, is refused by the server. Its
  // request is taken from a verified account's "Add passkey", then sent with the attacker's cookie.
  const honest = await createUser();
  const honestPage = await (await browser.newContext()).newPage();
  await signIn(honestPage.context(), honest);
  await addVirtualAuthenticator(honestPage);
  await gotoHydrated(honestPage, "/settings/passkeys");
  const optionsRequest = honestPage.waitForRequest((request: Request) => request.method() === "POST" && request.headers()["next-action"] !== undefined);
  await honestPage.getByRole("button", { name: "Add passkey" }).click();
  const captured = await optionsRequest;
  await confirmStepUp(honestPage, { password: honest.password });
  await expect(honestPage.getByRole("list", { name: "Your passkeys" }).getByRole("listitem")).toHaveCount(1);
  const headers = Object.fromEntries(Object.entries(await captured.allHeaders()).filter(([name]) => !["host", "content-length", "cookie"].includes(name)));
  await honestPage.context().close();
  const attacker = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  // The address is checked before the step-up: the answer says what to do about it.
  const forged = await page.request.post(captured.url(), { headers, data: captured.postDataBuffer() ?? "" });
  expect(forged.status()).toBe(200);
  expect(await forged.text()).toContain(REFUSED_UNVERIFIED(email));
  expect(await db.webAuthnChallenge.count({ where: { userId: attacker.id } })).toBe(0);
  expect(await db.passkey.count({ where: { userId: attacker.id } })).toBe(0);
  expect(await authenticator.credentials()).toEqual([]);

  // The victim takes the address back; the attacker's session is gone.
  const victim = await victimResetsAndSignsIn(browser, db, email);
  await page.goto("/settings/profile");
  await expect(page).toHaveURL(/\/login(\?|$)/);
  expect(await db.session.count({ where: { userId: attacker.id } })).toBe(1);
  // And the owner may add a passkey now.
  await gotoHydrated(victim, "/settings/passkeys");
  await expect(victim.getByRole("button", { name: "Add passkey" })).toBeVisible();
  await victim.context().close();
});

test("a passkey planted before the address was verified stops signing in once the owner resets the password", async ({ page, browser, db, createUser }) => {
  test.setTimeout(90_000);
  await disablePasskeyAutofill(page);
  const authenticator = await addVirtualAuthenticator(page);
  // The attacker's account and passkey, made by a builder: an account left from before the
  // address check, or any other way a passkey got there.
  const { user } = await createUser({ emailVerified: false });
  const planted = await seedPasskey(db, authenticator, user.id, { name: "Planted" });

  // Before the reset, the planted passkey signs the attacker in.
  await signInWithPasskey(page);
  await expect(page).toHaveURL(/\/settings\/profile$/);
  expect(await db.session.count({ where: { userId: user.id } })).toBe(1);

  const victim = await victimResetsAndSignsIn(browser, db, user.email);

  // The attacker's session ended with the reset, and the passkey is gone from the account.
  await page.goto("/settings/profile");
  await expect(page).toHaveURL(/\/login(\?|$)/);
  expect(await db.passkey.count({ where: { id: planted.passkeyId } })).toBe(0);
  expect(await db.auditEvent.findMany({ where: { userId: user.id, action: "user.unverified_credentials_removed" }, select: { metadata: true } })).toEqual([
    { metadata: JSON.stringify({ passkeys: 1, recoveryCodes: 0, twoFactor: false }) },
  ]);
  // The authenticator still holds the credential, but it signs nobody in.
  expect(await authenticator.credentials()).toHaveLength(1);
  await signInWithPasskey(page);
  await expect(page.getByRole("main").getByRole("alert").filter({ hasText: PASSKEY_SIGN_IN_FAILED })).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  // Only the victim's session exists.
  expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
  await victim.goto("/settings/security");
  await expect(victim.getByRole("heading", { name: "Security", level: 1 })).toBeVisible();
  await victim.context().close();
});

for (const theme of ["light", "dark"] as const) {
  test(`the "verify your email first" notes on Passkeys and Security pass axe (${theme})`, async ({ page, createUser, signIn }) => {
    test.setTimeout(90_000);
    const account = await createUser({ theme, emailVerified: false });
    await signIn(page.context(), account);
    for (const [path, adding] of [
      ["/settings/passkeys", "a passkey"],
      ["/settings/security", "an authenticator app"],
    ]) {
      await gotoHydrated(page, path!);
      await expect(page.getByText(`Verify your email address before you add ${adding}.`)).toBeVisible();
      const serious = (await new AxeBuilder({ page }).analyze()).violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
      expect(
        serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`),
        `${path} (${theme})`,
      ).toEqual([]);
    }
    // The note's button mails a new link, and says so.
    await page.getByRole("button", { name: "Send a new verification link" }).click();
    await expect(page.getByRole("main").getByRole("status").filter({ hasText: /\S/ }).first()).toHaveText(`We sent a new link to ${account.user.email}.`);
  });
}

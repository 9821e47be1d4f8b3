// Attacks on passkey sign-in and passkey management, in a real browser (T-E1, T-E2, T-E3, T-E4):
// - T-E1: an authenticator that does not verify the user, or that answers with UV=0, UP=0 or
//   a bogus signature, opens no session and sets no cookie; each refusal is logged.
// - T-E2: a copy of a credential taken before its counter moved (a cloned authenticator) is
//   refused and logged as passkey.counter_suspicious.
// - T-E3: a sign-in request captured off the wire and sent again opens no second session
//   (single-use challenge; the counter would stop it too); a credential made for another RP ID
//   is never offered here (the server's RP ID check is in tests/integration/passkeys).
// - T-E4: renaming or deleting another person's passkey through the page's own server actions,
//   with the id swapped in the request, answers "doesn't exist" and changes nothing.
import { randomBytes } from "node:crypto";
import type { Page, Request } from "@playwright/test";
import { E2E_BASE_URL, SESSION_COOKIE } from "./support/env";
import { expect, test } from "./support/fixtures";
import type { Db } from "./support/db";
import { confirmStepUp, gotoHydrated } from "./support/ui";
import { addVirtualAuthenticator, disablePasskeyAutofill, seedPasskey, type ResponseOverrideBits } from "./support/webauthn";

const PASSKEY_SIGN_IN_FAILED = "That passkey didn't sign you in. Try again, or sign in with your email and password.";

// Failed passkey sign-ins name no account in the security log; this file's browser has a user
// agent of its own, so its failures are counted apart from other specs running at the same time.
const USER_AGENT = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36 latchkey-e2e/${randomBytes(6).toString("hex")}`;
test.use({ userAgent: USER_AGENT });

async function hasSessionCookie(page: Page): Promise<boolean> {
  return (await page.context().cookies()).some((cookie) => cookie.name === SESSION_COOKIE);
}

function failedPasskeySignIns(db: Db): Promise<number> {
  return db.auditEvent.count({ where: { action: "user.sign_in_failed", metadata: JSON.stringify({ method: "passkey" }), userAgent: USER_AGENT } });
}

async function clickSignInWithPasskey(page: Page): Promise<void> {
  await gotoHydrated(page, "/login");
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
}

/** The sign-in was refused: still on /login with the message, no cookie, no session row. */
async function expectRefused(page: Page, db: Db, userId: string, message: string): Promise<void> {
  await expect(page.getByRole("main").getByRole("alert").filter({ hasText: message })).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  expect(await hasSessionCookie(page)).toBe(false);
  expect(await db.session.count({ where: { userId } })).toBe(0);
}

test.beforeEach(async ({ page }) => {
  await disablePasskeyAutofill(page);
});

test("an authenticator that cannot verify the user signs nobody in (T-E1)", async ({ page, createUser, db }) => {
  const { user } = await createUser();
  const authenticator = await addVirtualAuthenticator(page);
  const { passkeyId } = await seedPasskey(db, authenticator, user.id);
  await authenticator.setUserVerified(false);

  await clickSignInWithPasskey(page);

  // User verification is required: the browser itself refuses to sign without it.
  await expectRefused(page, db, user.id, "The passkey prompt was closed. Try again when you're ready.");
  expect((await db.passkey.findUniqueOrThrow({ where: { id: passkeyId } })).lastUsedAt).toBeNull();
});

test("UV=0, UP=0 and a bogus signature are refused by the server, logged, and leave no cookie (T-E1)", async ({ page, createUser, db }) => {
  const { user } = await createUser();
  const authenticator = await addVirtualAuthenticator(page);
  const { passkeyId } = await seedPasskey(db, authenticator, user.id);

  const overrides: ResponseOverrideBits[] = [{ isBadUV: true }, { isBadUP: true }, { isBogusSignature: true }];
  for (const bits of overrides) {
    await authenticator.setResponseOverrideBits({ isBadUV: false, isBadUP: false, isBogusSignature: false, ...bits });
    const failuresBefore = await failedPasskeySignIns(db);

    await clickSignInWithPasskey(page);

    await expectRefused(page, db, user.id, PASSKEY_SIGN_IN_FAILED);
    expect(await failedPasskeySignIns(db), JSON.stringify(bits)).toBe(failuresBefore + 1);
  }
  expect(await db.passkey.findUniqueOrThrow({ where: { id: passkeyId }, select: { counter: true, lastUsedAt: true } })).toEqual({ counter: 0, lastUsedAt: null });

  // The same authenticator, answering honestly, signs in: the refusals were about the flags.
  await authenticator.setResponseOverrideBits({ isBadUV: false, isBadUP: false, isBogusSignature: false });
  await clickSignInWithPasskey(page);
  await expect(page).toHaveURL(/\/settings\/profile$/);
});

test("a captured sign-in request replayed opens no second session (T-E3)", async ({ page, createUser, db, playwright }) => {
  const { user } = await createUser();
  const authenticator = await addVirtualAuthenticator(page);
  await seedPasskey(db, authenticator, user.id);

  const captured = page.waitForRequest((request: Request) => request.method() === "POST" && (request.postData() ?? "").includes("passkeyResponse"));
  await clickSignInWithPasskey(page);
  await expect(page).toHaveURL(/\/settings\/profile$/);
  expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
  const request = await captured;

  // The attacker sends the very same request from another client, without the victim's cookies.
  const headers = Object.fromEntries(Object.entries(await request.allHeaders()).filter(([name]) => !["host", "content-length", "cookie"].includes(name)));
  const attacker = await playwright.request.newContext({ baseURL: E2E_BASE_URL });
  const failuresBefore = await failedPasskeySignIns(db);
  try {
    const replay = await attacker.post(request.url(), { headers, data: request.postDataBuffer()! });

    expect(replay.status()).toBe(200);
    expect(await replay.text()).toContain(PASSKEY_SIGN_IN_FAILED);
    expect(replay.headersArray().filter((header) => header.name.toLowerCase() === "set-cookie" && header.value.startsWith(`${SESSION_COOKIE}=`))).toEqual([]);
    expect((await attacker.storageState()).cookies.map((cookie) => cookie.name)).not.toContain(SESSION_COOKIE);
  } finally {
    await attacker.dispose();
  }
  expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
  expect(await failedPasskeySignIns(db)).toBe(failuresBefore + 1);
});

test("a credential made for another RP ID is not used to sign in here (T-E3)", async ({ page, createUser, db }) => {
  const { user } = await createUser();
  const authenticator = await addVirtualAuthenticator(page);
  // Known to the server (same user, same key), but created for evil.test.
  await seedPasskey(db, authenticator, user.id, { rpId: "evil.test" });

  await clickSignInWithPasskey(page);

  await expectRefused(page, db, user.id, "The passkey prompt was closed. Try again when you're ready.");
});

test("a cloned authenticator whose counter went back is refused and logged (T-E2)", async ({ page, createUser, db }) => {
  const { user } = await createUser();
  const original = await addVirtualAuthenticator(page);
  const { passkeyId, credential } = await seedPasskey(db, original, user.id);

  // The genuine authenticator signs in once: the server's counter moves past 0.
  await clickSignInWithPasskey(page);
  await expect(page).toHaveURL(/\/settings\/profile$/);
  const { counter } = await db.passkey.findUniqueOrThrow({ where: { id: passkeyId } });
  expect(counter).toBeGreaterThan(0);

  // A copy of the credential as it was before that use, in another authenticator.
  await page.context().clearCookies();
  await original.remove();
  const clone = await addVirtualAuthenticator(page, original.cdp);
  await clone.addCredential({ ...credential, signCount: 0 });
  await clickSignInWithPasskey(page);

  await expect(page.getByRole("main").getByRole("alert").filter({ hasText: PASSKEY_SIGN_IN_FAILED })).toBeVisible();
  expect(await hasSessionCookie(page)).toBe(false);
  expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
  expect(await db.auditEvent.count({ where: { userId: user.id, action: "passkey.counter_suspicious" } })).toBe(1);
  expect((await db.passkey.findUniqueOrThrow({ where: { id: passkeyId } })).counter).toBe(counter);
});

test("renaming or deleting another person's passkey through the page's actions answers 'doesn't exist' (T-E4)", async ({ page, account, createUser, db }) => {
  const victim = await createUser();
  const { passkeyId: victimPasskeyId } = await seedPasskey(db, null, victim.user.id, { name: "Victim key" });
  const { passkeyId: ownPasskeyId } = await seedPasskey(db, null, account.user.id, { name: "My key" });
  expect(victimPasskeyId).toHaveLength(ownPasskeyId.length);

  // The attacker's browser swaps their own passkey id for the victim's in every action request.
  let swapped = 0;
  await page.route("**/settings/passkeys", async (route) => {
    const body = route.request().postData();
    if (route.request().method() !== "POST" || !body?.includes(ownPasskeyId)) return route.continue();
    swapped += 1;
    await route.continue({ postData: body.replaceAll(ownPasskeyId, victimPasskeyId) });
  });
  await gotoHydrated(page, "/settings/passkeys");
  const item = page.getByRole("list", { name: "Your passkeys" }).getByRole("listitem").filter({ hasText: "My key" });

  // Delete: confirm, step up (the action asks for it first), then the answer for the swapped id.
  await item.getByRole("button", { name: "Delete My key" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await confirmStepUp(page, { password: account.password });
  await expect(item.getByRole("alert")).toHaveText("That passkey doesn't exist any more.");

  await item.getByRole("button", { name: "Rename My key" }).click();
  await page.getByLabel("New name").fill("pwned");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(item.getByRole("alert")).toHaveText("That passkey doesn't exist any more.");
  await expect(page.getByLabel("New name")).toBeVisible();
  // Delete twice (refused for the step-up, then retried) and rename once went out with the victim's id.
  expect(swapped).toBe(3);

  expect(await db.passkey.findUniqueOrThrow({ where: { id: victimPasskeyId }, select: { userId: true, name: true } })).toEqual({ userId: victim.user.id, name: "Victim key" });
  expect(await db.passkey.count({ where: { id: ownPasskeyId } })).toBe(1);
  expect(await db.auditEvent.count({ where: { userId: { in: [victim.user.id, account.user.id] }, action: { in: ["passkey.renamed", "passkey.deleted"] } } })).toBe(0);
});

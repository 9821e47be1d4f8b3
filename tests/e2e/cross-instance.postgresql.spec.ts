// T-F1, revocation bites everywhere, immediately: two app instances on one PostgreSQL
// database. A session revoked from instance B's UI, signed out on A, or ended with
// "Revoke all sessions" on B is refused on the very next request by both instances: no
// instance keeps a copy of a session (every request reads the session row).
import type { BrowserContext, Cookie, Page } from "@playwright/test";
import { DESKTOP_CHROME, IPHONE, expectSentToLoginOnNextNavigation, openDevice, signInDevice } from "./support/devices";
import { type AppInstance, startAppInstance } from "./support/app-instance";
import { E2E_APP_ENV, E2E_BASE_URL, E2E_PORT, SESSION_COOKIE } from "./support/env";
import { expect, test } from "./support/fixtures";
import { confirmStepUp, gotoHydrated, signOutThroughUi } from "./support/ui";

// Several devices and server round trips per test: room for a busy machine (a run is ~1 min when idle).
test.describe.configure({ timeout: 60_000 });

if (!process.env.TEST_DATABASE_URL) {
  throw new Error(
    "cross-instance.postgresql.spec.ts needs TEST_DATABASE_URL (a PostgreSQL database both instances share); " + "playwright.config.ts leaves it out of the SQLite run.",
  );
}

/** Instance B: the same build, database and secrets as the suite's server (instance A). */
const PORT_B = E2E_PORT + 50;
const BASE_URL_B = `http://localhost:${PORT_B}`;
let instanceB: AppInstance | undefined;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  instanceB = await startAppInstance(PORT_B, { ...E2E_APP_ENV, TRUST_PROXY: "false" });
});

test.afterAll(async () => {
  await instanceB?.stop();
});

function sessionCookieOf(cookies: Cookie[]): Cookie {
  const cookie = cookies.find((candidate) => candidate.name === SESSION_COOKIE);
  if (!cookie) throw new Error("no session cookie");
  return cookie;
}

/** A context holding only this cookie, pointed at one instance; the first page load's URL tells whether it still opens anything. */
async function replayOn(context: BrowserContext, baseURL: string, cookie: Cookie): Promise<Page> {
  await context.addCookies([cookie]);
  const page = await context.newPage();
  await page.goto(`${baseURL}/settings/profile`);
  return page;
}

test.use({ userAgent: DESKTOP_CHROME.userAgent });

test("a session revoked from instance B's sessions page ends on instance A at the next navigation", async ({ page, browser, createUser, db }) => {
  const account = await createUser();
  await signInDevice(db, page.context(), account.user.id, DESKTOP_CHROME);
  await page.goto(`${E2E_BASE_URL}/settings/profile`);
  await expect(page.getByRole("heading", { name: "Profile", level: 1 })).toBeVisible();
  const oldCookie = sessionCookieOf(await page.context().cookies());

  // The same person on a phone, served by instance B.
  const phone = await openDevice(browser, db, account.user.id, IPHONE, BASE_URL_B);
  await gotoHydrated(phone.page, `${BASE_URL_B}/settings/sessions`);
  const rows = phone.page.getByRole("list", { name: "Signed-in sessions" }).getByRole("listitem");
  await expect(rows).toHaveCount(2);
  await phone.page.getByRole("button", { name: `Sign out ${DESKTOP_CHROME.summary}` }).click();
  await phone.page.getByRole("dialog", { name: "Sign out this session?" }).getByRole("button", { name: "Sign out" }).click();
  await confirmStepUp(phone.page, { password: account.password });
  await expect(rows).toHaveCount(1);
  await expect(rows.nth(0)).toContainText(`${IPHONE.summary}This device`);
  expect(await db.session.count({ where: { userId: account.user.id } })).toBe(1);

  // Instance A never saw the revocation: it refuses the session on its very next request.
  await expectSentToLoginOnNextNavigation(page);
  // The old cookie, replayed to either instance, opens nothing.
  for (const baseURL of [E2E_BASE_URL, BASE_URL_B]) {
    const replay = await browser.newContext();
    const replayPage = await replayOn(replay, baseURL, oldCookie);
    await expect(replayPage, baseURL).toHaveURL(/\/login(\?|$)/);
    await replay.close();
  }
  // Instance B's own session carries on.
  await phone.page.goto(`${BASE_URL_B}/settings/profile`);
  await expect(phone.page.getByRole("heading", { name: "Profile", level: 1 })).toBeVisible();
  await phone.context.close();
});

test("signing out on instance A: the copied cookie is refused by instance B at once", async ({ page, browser, createUser, db }) => {
  const account = await createUser();
  await signInDevice(db, page.context(), account.user.id, DESKTOP_CHROME);
  const copy = await browser.newContext();
  const copyPage = await replayOn(copy, BASE_URL_B, sessionCookieOf(await page.context().cookies()));
  await expect(copyPage.getByRole("heading", { name: "Profile", level: 1 })).toBeVisible();

  await gotoHydrated(page, `${E2E_BASE_URL}/settings/profile`);
  await signOutThroughUi(page);
  expect(await db.session.count({ where: { userId: account.user.id } })).toBe(0);

  await expectSentToLoginOnNextNavigation(copyPage);
  await copy.close();
});

test("“Revoke all sessions” on instance B ends the session on instance A", async ({ page, browser, createUser, db }) => {
  const account = await createUser();
  await signInDevice(db, page.context(), account.user.id, DESKTOP_CHROME);
  const phone = await openDevice(browser, db, account.user.id, IPHONE, BASE_URL_B);
  await page.goto(`${E2E_BASE_URL}/settings/sessions`);
  await expect(page.getByRole("list", { name: "Signed-in sessions" }).getByRole("listitem")).toHaveCount(2);

  await gotoHydrated(phone.page, `${BASE_URL_B}/settings/account`);
  await phone.page.getByRole("button", { name: "Revoke all sessions" }).click();
  await phone.page.getByRole("dialog", { name: "Revoke all sessions?" }).getByRole("button", { name: "Revoke all" }).click();
  await confirmStepUp(phone.page, { password: account.password });
  await expect(phone.page).toHaveURL(`${BASE_URL_B}/login`);

  await expectSentToLoginOnNextNavigation(page);
  expect(await db.session.count({ where: { userId: account.user.id } })).toBe(0);
  await phone.context.close();
});

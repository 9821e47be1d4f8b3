// What a browser sends after a passkey prompt is JSON the page's script controls. The server
// cast it to the library's type instead of parsing it (issue 8, item 10); now it is parsed with
// a schema, and a malformed answer gets the form's clear message, never a 500, and changes
// nothing. Each case takes a real request of the page's own action and swaps the passkey JSON.
/** @see issue 8 */
import { randomBytes } from "node:crypto";
import type { Page, Request } from "@playwright/test";
import { E2E_BASE_URL, SESSION_COOKIE } from "./support/env";
import { expect, test } from "./support/fixtures";
import { confirmStepUp, gotoHydrated } from "./support/ui";
import { addVirtualAuthenticator, disablePasskeyAutofill, seedPasskey } from "./support/webauthn";

const PASSKEY_NOT_ADDED = "That passkey couldn't be added. Try again.";
const PASSKEY_SIGN_IN_FAILED = "That passkey didn't sign you in. Try again, or sign in with your email and password.";

const MALFORMED: [string, string][] = [
  ["text that is not JSON", "not json{"],
  ["JSON null", "null"],
  ["a JSON number", "42"],
  ["a JSON array", "[]"],
  ["an empty object", "{}"],
  ["an id that is a number", '{"id":42,"rawId":42,"type":"public-key","response":{"clientDataJSON":"AA","attestationObject":"AA","authenticatorData":"AA","signature":"AA"}}'],
  ["a response that is a string", '{"id":"abc","rawId":"abc","type":"public-key","response":"yes"}'],
  ["missing response fields", '{"id":"abc","rawId":"abc","type":"public-key","response":{}}'],
  ["a __proto__ key", '{"__proto__":{"id":"abc","response":{"clientDataJSON":"AA"}},"constructor":{"prototype":{"polluted":true}}}'],
  [
    "a 30 KB field",
    JSON.stringify({
      id: "A".repeat(30_000),
      rawId: "A",
      type: "public-key",
      response: { clientDataJSON: "AA", attestationObject: "AA", authenticatorData: "AA", signature: "AA" },
    }),
  ],
  ["100 KB of digits", "9".repeat(100_000)],
];

/** The request's multipart body with the value of form field `field` replaced. */
function withField(request: Request, field: string, value: string): string {
  const body = request.postData() ?? "";
  const header = new RegExp(`name="(?:_?\\d+_)?${field}"\\r\\n\\r\\n`).exec(body);
  if (!header) throw new Error(`no ${field} field in the captured request:\n${body.slice(0, 600)}`);
  const start = header.index + header[0].length;
  const end = body.indexOf("\r\n--", start);
  return body.slice(0, start) + value + body.slice(end);
}

function replayHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !["host", "content-length", "cookie"].includes(name)));
}

function actionRequestWith(page: Page, text: string): Promise<Request> {
  return page.waitForRequest((request) => request.method() === "POST" && (request.postData() ?? "").includes(text));
}

test("adding a passkey: malformed answers get the form's message and add nothing", async ({ page, account, db }) => {
  test.setTimeout(90_000);
  await disablePasskeyAutofill(page);
  await addVirtualAuthenticator(page);
  await gotoHydrated(page, "/settings/passkeys");
  const finish = actionRequestWith(page, "attestationObject");
  await page.getByRole("button", { name: "Add passkey" }).click();
  await confirmStepUp(page, { password: account.password });
  const captured = await finish;
  await expect(page.getByRole("list", { name: "Your passkeys" }).getByRole("listitem")).toHaveCount(1);
  const headers = replayHeaders(await captured.allHeaders());

  // The session is still elevated, so each answer reaches the passkey checks.
  for (const [label, json] of MALFORMED) {
    const response = await page.request.post(captured.url(), { headers, data: withField(captured, "response", json) });
    expect(response.status(), label).toBeLessThan(500);
    expect(await response.text(), label).toContain(PASSKEY_NOT_ADDED);
  }
  expect(await db.passkey.count({ where: { userId: account.user.id } })).toBe(1);
  expect(await db.auditEvent.count({ where: { userId: account.user.id, action: "passkey.added" } })).toBe(1);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

test("signing in with a passkey: malformed answers are refused like a wrong passkey, with no session", async ({ page, createUser, db, playwright }) => {
  test.setTimeout(90_000);
  // This file's failures are told apart in the security log by a user agent of its own.
  const userAgent = `latchkey-e2e-bad-passkey/${randomBytes(6).toString("hex")}`;
  const { user } = await createUser();
  await disablePasskeyAutofill(page);
  const authenticator = await addVirtualAuthenticator(page);
  await seedPasskey(db, authenticator, user.id);
  await gotoHydrated(page, "/login");
  const signIn = actionRequestWith(page, "passkeyResponse");
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  const captured = await signIn;
  await expect(page).toHaveURL(/\/settings\/profile$/);
  const headers = { ...replayHeaders(await captured.allHeaders()), "user-agent": userAgent };

  const stranger = await playwright.request.newContext({ baseURL: E2E_BASE_URL });
  try {
    for (const [label, json] of MALFORMED) {
      const response = await stranger.post(captured.url(), { headers, data: withField(captured, "passkeyResponse", json) });
      expect(response.status(), label).toBeLessThan(500);
      expect(await response.text(), label).toContain(PASSKEY_SIGN_IN_FAILED);
    }
    expect((await stranger.storageState()).cookies.map((cookie) => cookie.name)).not.toContain(SESSION_COOKIE);
  } finally {
    await stranger.dispose();
  }
  expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
  expect(await db.auditEvent.count({ where: { action: "user.signed_in", userAgent } })).toBe(0);
});

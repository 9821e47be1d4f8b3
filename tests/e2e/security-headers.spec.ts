// Headers, cookies and cross-site requests (T-O1, T-O3, T-H1, T-H3, T-H4), and an opened session cookie's end.
// Attacks: a page on another site posting a real server action with the victim's cookie
// (CSRF, including `Origin: null` from a sandboxed iframe, GHSA-mq59-m269-xvcx); the
// `x-middleware-subrequest` header that skipped Next.js middleware (CVE-2025-29927).
import type { APIResponse, Page } from "@playwright/test";
import { encode } from "next-auth/jwt";
import { createTestSession, uniqueEmail } from "./support/builders";
import { E2E_AUTH_SECRET, E2E_BASE_URL, SESSION_COOKIE } from "./support/env";
import { expect, test } from "./support/fixtures";
import { advanceServerClock, serverNow } from "./support/totp";
import { emailInput, fillSignUp, passwordInput, profileForm } from "./support/ui";

function cspDirectives(response: APIResponse): Map<string, string[]> {
  const header = response.headers()["content-security-policy"];
  expect(header, "Content-Security-Policy header").toBeTruthy();
  return new Map(
    header
      .split(";")
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name, values]),
  );
}

function nonceOf(response: APIResponse): string {
  const nonce = cspDirectives(response)
    .get("script-src")
    ?.find((value) => value.startsWith("'nonce-"));
  expect(nonce, "script-src nonce").toBeTruthy();
  return nonce!.slice("'nonce-".length, -1);
}

async function expectSecurityHeaders(response: APIResponse): Promise<void> {
  const headers = response.headers();
  const csp = cspDirectives(response);
  expect(csp.get("script-src")).toEqual(expect.arrayContaining(["'strict-dynamic'", `'nonce-${nonceOf(response)}'`]));
  expect(csp.get("script-src")).not.toContain("'unsafe-inline'");
  expect(csp.get("script-src")).not.toContain("'unsafe-eval'");
  expect(csp.get("object-src")).toEqual(["'none'"]);
  expect(csp.get("base-uri")).toEqual(["'none'"]);
  expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-powered-by"]).toBeUndefined();
  // The nonce is really on the page's scripts, or strict-dynamic would block them all.
  const html = await response.text();
  const scriptNonces = [...html.matchAll(/<script\b[^>]*\snonce="([^"]+)"/g)].map((match) => match[1]);
  expect(scriptNonces.length).toBeGreaterThan(0);
  expect(new Set(scriptNonces)).toEqual(new Set([nonceOf(response)]));
}

test.describe("headers", () => {
  test("the sign-in page", async ({ request }) => {
    const first = await request.get("/login");
    expect(first.status()).toBe(200);
    await expectSecurityHeaders(first);
    const second = await request.get("/login");
    expect(nonceOf(second)).not.toBe(nonceOf(first));
  });

  test("a signed-in page is never cached", async ({ page, account }) => {
    const first = await page.request.get("/settings/profile", { maxRedirects: 0 });
    expect(first.status()).toBe(200);
    expect(await first.text()).toContain(account.user.email);
    await expectSecurityHeaders(first);
    expect(first.headers()["cache-control"]).toContain("no-store");
    const second = await page.request.get("/settings/profile", { maxRedirects: 0 });
    expect(nonceOf(second)).not.toBe(nonceOf(first));
  });

  test("a page that does not exist", async ({ request }) => {
    const response = await request.get("/no-such-page");
    expect(response.status()).toBe(404);
    await expectSecurityHeaders(response);
    expect(await response.text()).toContain("Page not found");
  });

  test("the pages run under their policy without violations", async ({ page, account }) => {
    await page.addInitScript(() => {
      const violations: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = violations;
      document.addEventListener("securitypolicyviolation", (event) => violations.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
    for (const path of ["/settings/profile", "/settings/appearance"]) {
      await page.goto(path);
      // Hydrated: the user menu (a client component) opens.
      await page.getByRole("button", { name: "Open user menu" }).click();
      await expect(page.getByRole("menu")).toContainText(account.user.email);
      await page.keyboard.press("Escape");
      expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    }
    await page.context().clearCookies();
    await page.goto("/signup");
    await passwordInput(page).fill("a");
    await expect(page.getByRole("listitem").filter({ hasText: "A lowercase letter" })).toHaveAttribute("data-met", "true");
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
  });
});

test("the session cookie is HttpOnly, SameSite=Lax, host-wide and out of reach of scripts", async ({ page, createUser }) => {
  const { user, password } = await createUser();
  await page.goto("/login");
  // The sign-in POST itself: the page also posts to /login for passkey options (autofill).
  const signInResponse = page.waitForResponse(
    (response) => response.request().method() === "POST" && response.url().endsWith("/login") && (response.request().postData() ?? "").includes(user.email),
  );
  await emailInput(page).fill(user.email);
  await passwordInput(page).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/settings\/profile$/);

  const setCookies = ((await (await signInResponse).headerValue("set-cookie")) ?? "").split("\n");
  const setCookie = setCookies.find((line) => line.startsWith(`${SESSION_COOKIE}=`)) ?? "";
  expect(setCookie, setCookies.join("\n")).not.toBe("");
  expect(setCookie).toMatch(/;\s*HttpOnly/i);
  expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
  expect(setCookie).toMatch(/;\s*Path=\/(;|$)/i);

  const cookies = await page.context().cookies();
  const session = cookies.find((cookie) => cookie.name === SESSION_COOKIE);
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/", domain: "localhost" });
  expect(session!.value.length).toBeLessThan(4096);
  expect(await page.evaluate(() => document.cookie)).not.toContain(SESSION_COOKIE);
  // Nothing secret kept where scripts can read it.
  expect(await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length }))).toEqual({ local: 0, session: 0 });
});

// ---------------------------------------------------------------------------------------------
// Cross-site requests: a real server-action POST is captured from the page (and stopped before
// it reaches the server), then replayed as another site would send it.

type CapturedAction = { path: string; headers: Record<string, string>; body: Buffer };

async function captureServerAction(page: Page, path: string, submit: () => Promise<void>): Promise<CapturedAction> {
  let captured: CapturedAction | undefined;
  await page.route(`**${path}`, async (route) => {
    const request = route.request();
    if (request.method() !== "POST" || !request.headers()["next-action"]) return route.continue();
    const all = request.headers();
    const headers: Record<string, string> = {};
    for (const name of ["next-action", "next-router-state-tree", "content-type", "accept"]) if (all[name]) headers[name] = all[name];
    captured = { path, headers, body: request.postDataBuffer() ?? Buffer.alloc(0) };
    await route.abort();
  });
  await submit();
  await expect.poll(() => captured !== undefined).toBe(true);
  await page.unroute(`**${path}`);
  return captured!;
}

const HOSTILE_ORIGINS: { name: string; headers: Record<string, string> }[] = [
  { name: "Origin: https://evil.test", headers: { origin: "https://evil.test", "sec-fetch-site": "cross-site" } },
  { name: "Origin: https://evil.test without Fetch Metadata", headers: { origin: "https://evil.test" } },
  { name: "Origin: null (sandboxed iframe)", headers: { origin: "null" } },
  { name: "no Origin, Sec-Fetch-Site: cross-site", headers: { "sec-fetch-site": "cross-site" } },
  { name: "no Origin, Sec-Fetch-Site: same-site (a sibling subdomain)", headers: { "sec-fetch-site": "same-site" } },
];

const SAME_ORIGIN = { origin: E2E_BASE_URL, "sec-fetch-site": "same-origin" };

async function replay(page: Page, action: CapturedAction, headers: Record<string, string>): Promise<APIResponse> {
  return page.request.post(action.path, { headers: { ...action.headers, ...headers }, data: action.body, maxRedirects: 0 });
}

test("a cross-site profile update is refused and changes nothing", async ({ page, account, db }) => {
  await page.goto("/settings/profile");
  const action = await captureServerAction(page, "/settings/profile", async () => {
    await page.getByLabel("Job position").fill("Forged by evil.test");
    await profileForm(page).getByRole("button", { name: "Save" }).click();
  });
  const profile = () => db.user.findUniqueOrThrow({ where: { id: account.user.id }, select: { jobTitle: true, updatedAt: true } });
  const before = await profile();
  expect(before.jobTitle).toBeNull();

  for (const hostile of HOSTILE_ORIGINS) {
    const response = await replay(page, action, hostile.headers);
    expect(response.status(), hostile.name).toBe(403);
    expect(await response.text(), hostile.name).not.toContain("Forged by evil.test");
  }
  expect(await profile()).toEqual(before);

  // The same bytes from the app's own origin do save: the refusals above were about origin.
  const control = await replay(page, action, SAME_ORIGIN);
  expect(control.status()).toBe(200);
  expect((await profile()).jobTitle).toBe("Forged by evil.test");
});

test("a cross-site sign-in (login CSRF) is refused and opens no session", async ({ page, createUser, db }) => {
  const victim = await createUser();
  await page.goto("/login");
  const action = await captureServerAction(page, "/login", async () => {
    await emailInput(page).fill(victim.user.email);
    await passwordInput(page).fill(victim.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
  });

  for (const hostile of HOSTILE_ORIGINS) {
    const response = await replay(page, action, hostile.headers);
    expect(response.status(), hostile.name).toBe(403);
    expect(response.headers()["set-cookie"] ?? "", hostile.name).not.toContain(SESSION_COOKIE);
  }
  expect(await db.session.count({ where: { userId: victim.user.id } })).toBe(0);
  expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain(SESSION_COOKIE);

  const control = await replay(page, action, SAME_ORIGIN);
  expect(control.headers()["set-cookie"] ?? "").toContain(SESSION_COOKIE);
  expect(await db.session.count({ where: { userId: victim.user.id } })).toBe(1);
});

test("a cross-site sign-up is refused and creates nothing", async ({ page, db, forgetAfterTest }) => {
  const email = uniqueEmail("csrf");
  forgetAfterTest(email);
  await page.goto("/signup");
  const action = await captureServerAction(page, "/signup", async () => {
    await fillSignUp(page, { firstName: "Mallory", lastName: "Cross", email, password: "Lamp-Orbit-73" });
    await page.getByRole("button", { name: "Create account" }).click();
  });

  for (const hostile of HOSTILE_ORIGINS) {
    const response = await replay(page, action, hostile.headers);
    expect(response.status(), hostile.name).toBe(403);
  }
  expect(await db.user.count({ where: { email } })).toBe(0);

  await replay(page, action, SAME_ORIGIN);
  expect(await db.user.count({ where: { email } })).toBe(1);
});

test("a plain cross-site form post to a page is refused too", async ({ request }) => {
  for (const path of ["/login", "/signup", "/settings/profile", "/settings/appearance"]) {
    const response = await request.post(path, {
      headers: { origin: "https://evil.test", "sec-fetch-site": "cross-site" },
      form: { email: "attacker@evil.test", password: "x" },
      maxRedirects: 0,
    });
    expect(response.status(), path).toBe(403);
  }
});

// T-H4: the header that made Next.js skip middleware must not open anything, and the
// pages check the session themselves when the proxy lets a request through.
test("x-middleware-subrequest does not get past sign-in", async ({ request, browser }) => {
  const bypass = { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" };
  for (const path of ["/settings/profile", "/settings/appearance", "/settings"]) {
    const response = await request.get(path, { headers: bypass, maxRedirects: 0 });
    expect(response.status(), path).toBeGreaterThanOrEqual(300);
    expect(response.status(), path).toBeLessThan(400);
    expect(new URL(response.headers()["location"] ?? "", E2E_BASE_URL).pathname, path).toBe("/login");
  }

  // A cookie that is present but forged passes the proxy's optimistic check; the page refuses.
  const context = await browser.newContext({ extraHTTPHeaders: bypass });
  await context.addCookies([{ name: SESSION_COOKIE, value: "forged", domain: "localhost", path: "/" }]);
  const page = await context.newPage();
  for (const path of ["/settings/profile", "/settings/appearance"]) {
    await page.goto(path);
    await expect(page, path).toHaveURL(/\/login(\?|$)/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  }
  await context.close();
});

// The server keeps the session cookies it has opened (lib/auth/session.ts), so as not to decrypt
// the same cookie on every request: one it opened before must still stop working at its own
// expiry, and at once when its session ends.
test("a session cookie the server opened before stops working when it expires, and when its session ends", async ({ request, createUser, db }) => {
  const account = await createUser();
  const session = await createTestSession(db, account.user.id);
  const profile = (cookieValue: string) => request.get("/settings/profile", { headers: { cookie: `${SESSION_COOKIE}=${cookieValue}` }, maxRedirects: 0 });
  const refusedToLogin = (response: APIResponse) => response.status() >= 300 && new URL(response.headers()["location"] ?? "", E2E_BASE_URL).pathname === "/login";

  // A cookie for the same session that expires two seconds from the server's now (Auth.js
  // allows 15 s of clock skew after that).
  const secondsAhead = Math.ceil((await serverNow()) / 1000 - Date.now() / 1000) + 2;
  const shortLived = await encode({ token: { sid: session.token }, secret: E2E_AUTH_SECRET, salt: SESSION_COOKIE, maxAge: secondsAhead });
  expect((await profile(shortLived)).status()).toBe(200);
  await advanceServerClock(20_000);
  expect(refusedToLogin(await profile(shortLived))).toBe(true);
  // The session itself still holds: its own cookie opens it.
  expect((await profile(session.cookieValue)).status()).toBe(200);

  await db.session.delete({ where: { id: session.sessionId } });
  expect(refusedToLogin(await profile(session.cookieValue))).toBe(true);
});

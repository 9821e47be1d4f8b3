// The REST API through Latchkey's own server (scripts/server.mjs hands /api/v1 and /api/docs to
// it): problems and headers as a client sees them, and the reference page in a real browser
// under its Content-Security-Policy, with nothing loaded from elsewhere.
import { expect, test } from "@playwright/test";
import { E2E_BASE_URL } from "./support/env";

test("/api/v1 answers through the server: a 401 problem without a key, the OpenAPI document without one", async ({ request }) => {
  const refused = await request.get(`${E2E_BASE_URL}/api/v1/me`);
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-type"]).toBe("application/problem+json");
  expect(refused.headers()["www-authenticate"]).toMatch(/^Bearer/);
  expect(refused.headers()["x-content-type-options"]).toBe("nosniff");
  expect(refused.headers()["cache-control"]).toBe("no-store");
  expect(await refused.json()).toMatchObject({ status: 401, title: "Unauthenticated" });
  const document = await request.get(`${E2E_BASE_URL}/api/v1/openapi.json`);
  expect(document.status()).toBe(200);
  expect(await document.json()).toMatchObject({ openapi: "3.1.0", info: { title: "Latchkey API" } });
});

test("/api/docs renders styled under its policy, with no violation and no request elsewhere", async ({ page }) => {
  await page.addInitScript(() => {
    const violations: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = violations;
    document.addEventListener("securitypolicyviolation", (event) => violations.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  const requested: string[] = [];
  page.on("request", (request) => requested.push(request.url()));
  const response = await page.goto("/api/docs");
  expect(response?.status()).toBe(200);
  expect(response?.headers()["content-security-policy"]).toMatch(/default-src 'none'/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Latchkey API");
  await expect(page.getByRole("link", { name: "GET /api/v1/me", exact: true })).toBeVisible();
  await page.getByRole("link", { name: "POST /api/v1/invitations", exact: true }).click();
  await expect(page.locator("#post-api-v1-invitations")).toContainText("Invite someone");
  // The inline stylesheet applied (allowed by its hash): the operations are boxed.
  expect(
    await page
      .locator(".op")
      .first()
      .evaluate((element) => getComputedStyle(element).borderTopStyle),
  ).toBe("solid");
  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
  expect(requested.every((url) => url.startsWith(E2E_BASE_URL))).toBe(true);
});

// Per-key rate limits (issue 10): every answer to a known key carries the IETF RateLimit-Policy
// and RateLimit headers; past the key's requests per minute the answer is 429 with Retry-After.
import { expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { flushApiKeyUsage } from "@/lib/api-keys/usage";
import { callApi, organizationWithKey, setKeyRateLimit } from "./api-builders";
import { startOfNextMinute } from "../../fixtures/clock";

test("a key limited to 3 requests a minute: three answers count down, the fourth is 429 with Retry-After", async () => {
  const { key, id } = await organizationWithKey(["owner"]);
  await setKeyRateLimit(id, 3);
  startOfNextMinute();
  for (const remaining of [2, 1, 0]) {
    const response = await callApi(remaining === 1 ? "/members" : "/me", { key });
    expect(response.status).toBe(200);
    expect(response.headers.get("ratelimit-policy")).toBe('"default";q=3;w=60');
    expect(response.headers.get("ratelimit")).toMatch(new RegExp(`^"default";r=${remaining};t=\\d+$`));
  }
  const refused = await callApi("/me", { key });
  expect(refused.status).toBe(429);
  expect(refused.headers.get("content-type")).toBe("application/problem+json");
  expect(refused.headers.get("ratelimit")).toMatch(/^"default";r=0;t=\d+$/);
  const retryAfter = Number(refused.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(await refused.json()).toMatchObject({ status: 429, title: "Too many requests", detail: "This key may make 3 requests per minute." });
});

test("each call of a known key is noted with its route pattern and status, never the raw path", async () => {
  const { key, id } = await organizationWithKey(["owner"]);
  expect((await callApi("/me", { key, ip: "2001:db8::77" })).status).toBe(200);
  expect((await callApi(`/api-keys/${id}/rotate`, { key, method: "POST", rawBody: "{", headers: { "content-type": "application/json" } })).status).toBe(400);
  await flushApiKeyUsage();
  const uses = await db.apiKeyUse.findMany({ where: { apiKeyId: id }, orderBy: { at: "asc" }, select: { method: true, endpoint: true, status: true, ipAddress: true } });
  expect(uses).toEqual([
    { method: "GET", endpoint: "GET /api/v1/me", status: 200, ipAddress: "2001:db8::77" },
    { method: "POST", endpoint: "POST /api/v1/api-keys/{id}/rotate", status: 400, ipAddress: expect.any(String) },
  ]);
  expect(await db.apiKey.findUniqueOrThrow({ where: { id }, select: { lastUsedIp: true } })).toEqual({ lastUsedIp: "2001:db8::77" });
});

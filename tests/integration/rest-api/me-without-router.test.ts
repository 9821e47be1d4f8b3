// GET /api/v1/me is answered by the production listener without the router (rest-api/handler.ts).
// What a client sees must be what the documented route answers: the same body, headers and
// refusals, and the same use of the key. `/api/v1/me?` (a query) still takes the router, so
// each case is asked both ways and compared.
import { expect, test } from "vitest";
import { revokeApiKey } from "@/lib/api-keys/api-keys";
import { flushApiKeyUsage } from "@/lib/api-keys/usage";
import { db } from "@/lib/db/client";
import { requireMember } from "@/lib/organizations/member";
import { testContext } from "../../fixtures/builders";
import { startOfNextMinute } from "../../fixtures/clock";
import { callApi, clientAddress, forgetKey, organizationWithKey, setKeyRateLimit } from "./api-builders";

const COMPARED_HEADERS = ["content-type", "cache-control", "x-content-type-options", "content-security-policy", "www-authenticate", "ratelimit-policy", "retry-after"];

async function answer(path: string, key: string | null) {
  const response = await callApi(path, { key, ip: clientAddress() });
  return {
    status: response.status,
    headers: Object.fromEntries(COMPARED_HEADERS.map((name) => [name, response.headers.get(name)])),
    remaining: response.headers.get("ratelimit")?.replace(/;t=\d+$/, "") ?? null,
    body: await response.json(),
  };
}

/** The answer without the router, then the router's, to the same key. */
async function bothWays(key: string | null) {
  return [await answer("/api/v1/me", key), await answer("/api/v1/me?via=router", key)] as const;
}

test("a working key: the same principal, headers and limit headers with or without the router", async () => {
  const { key, id, org } = await organizationWithKey(["owner"]);
  startOfNextMinute();
  const [direct, routed] = await bothWays(key);
  expect(direct.status).toBe(200);
  expect(direct.body).toMatchObject({ keyId: id, organization: { id: org.id }, access: "read_write" });
  expect(routed.body).toEqual(direct.body);
  expect(routed.headers).toEqual(direct.headers);
  expect(direct.headers["content-type"]).toBe("application/json");
  // Both calls counted against the key, in order.
  expect(direct.remaining).toMatch(/r=\d+$/);
  expect(Number(routed.remaining!.split("r=")[1])).toBe(Number(direct.remaining!.split("r=")[1]) - 1);
  await flushApiKeyUsage();
  const uses = await db.apiKeyUse.findMany({ where: { apiKeyId: id }, select: { endpoint: true, status: true } });
  expect(uses).toEqual([
    { endpoint: "GET /api/v1/me", status: 200 },
    { endpoint: "GET /api/v1/me", status: 200 },
  ]);
});

test("no key, a malformed key, a revoked key: the same 401 problem either way", async () => {
  const { key, id, org, people } = await organizationWithKey(["owner"]);
  for (const presented of [null, "lk_live_short", key.slice(0, -1) + (key.endsWith("A") ? "B" : "A")]) {
    const [direct, routed] = await bothWays(presented);
    expect(direct.status).toBe(401);
    expect(routed).toEqual(direct);
  }
  await revokeApiKey(await requireMember(people[0]!.userId, org.id), id, testContext());
  forgetKey(id);
  const [direct, routed] = await bothWays(key);
  expect(direct).toMatchObject({ status: 401, body: { title: "Unauthenticated" } });
  expect(routed).toEqual(direct);
});

test("past the key's requests per minute: the same 429 with Retry-After either way", async () => {
  const { key, id } = await organizationWithKey(["owner"]);
  await setKeyRateLimit(id, 1);
  startOfNextMinute();
  expect((await answer("/api/v1/me", key)).status).toBe(200);
  const [direct, routed] = await bothWays(key);
  expect(direct.status).toBe(429);
  expect(direct.body).toMatchObject({ detail: "This key may make 1 requests per minute." });
  expect(Number(direct.headers["retry-after"])).toBeGreaterThan(0);
  expect({ ...routed, headers: { ...routed.headers, "retry-after": null } }).toEqual({ ...direct, headers: { ...direct.headers, "retry-after": null } });
});

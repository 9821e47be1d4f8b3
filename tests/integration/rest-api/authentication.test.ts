// T-K1, T-K3, T-K7 (docs/security.md "K. API keys"): what /api/v1 answers to keys that are
// malformed, made up, wrong, revoked, expired or sent anywhere but the Authorization header.
// Every refusal is the same 401 problem, never a 500, and never tells which part was wrong.
import { expect, test } from "vitest";
import { revokeApiKey } from "@/lib/api-keys/api-keys";
import { generateApiKey, parseApiKey } from "@/lib/api-keys/key-format";
import { db } from "@/lib/db/client";
import { requireMember } from "@/lib/organizations/member";
import { advanceClock, startOfNextMinute } from "../../fixtures/clock";
import { testContext } from "../../fixtures/builders";
import { callApi, clientAddress, forgetKey, organizationWithKey } from "./api-builders";

const GENERIC_DETAIL = "Send a valid API key as `Authorization: Bearer <key>`.";

async function expectRefused(response: Response, detail = GENERIC_DETAIL) {
  expect(response.status).toBe(401);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
  expect(await response.json()).toEqual({ type: "/api/docs#problem-unauthenticated", title: "Unauthenticated", status: 401, detail });
}

/** Changes the character at `index`, keeping the key's alphabet. */
function alter(key: string, index: number): string {
  const character = key[index] === "A" ? "B" : "A";
  return key.slice(0, index) + character + key.slice(index + 1);
}

test("T-K1: malformed, made-up and wrong keys all get the same 401, never a 500", async () => {
  const { key } = await organizationWithKey(["owner"]);
  const keyIdStart = "lk_live_".length;
  const candidates = [
    "",
    "lk_live_",
    key.slice(0, -1), // one character short
    `${key}A`, // one too many
    key.replace("lk_live_", "lk_prod_"), // wrong prefix
    key.replace("lk_live_", "lk_test_"), // other environment, checksum now wrong
    alter(key, key.length - 1), // bad checksum
    alter(key, keyIdStart), // another key id: checksum wrong
    "x".repeat(10_000), // a 10 KB header
    `${key.slice(0, 20)}\u00e9${key.slice(21)}`, // not ASCII
    key.toLowerCase(),
  ];
  for (const candidate of candidates) {
    await expectRefused(await callApi("/me", { headers: { authorization: `Bearer ${candidate}` } }));
  }
  // A well-formed key with a valid checksum whose secret is wrong: the same answer.
  const parsed = parseApiKey(key)!;
  const forged = generateApiKey(parsed.environment, parsed.keyId).key;
  expect(forged).not.toBe(key);
  await expectRefused(await callApi("/me", { key: forged }));
  // Scheme variants and a key without a scheme.
  for (const authorization of [key, `Basic ${key}`, `bearer  ${key}`, `Bearer ${key} extra`, `Token ${key}`]) {
    await expectRefused(await callApi("/me", { headers: { authorization } }));
  }
});

test("T-K7: a key in the query string, a cookie or the body is refused, and never lands in the log", async () => {
  const { key, org } = await organizationWithKey(["owner"]);
  await expectRefused(await callApi(`/me?api_key=${key}`));
  await expectRefused(await callApi(`/members?api_key=${key}`));
  await expectRefused(await callApi("/me", { headers: { cookie: `api_key=${key}; authorization=Bearer%20${key}` } }));
  await expectRefused(await callApi("/invitations", { method: "POST", body: { api_key: key, authorization: `Bearer ${key}`, email: "x@example.com", role: "member" } }));
  expect(await db.invitation.count({ where: { orgId: org.id } })).toBe(0);
  // A working call writes the log; the key's secret is in no row of it.
  const response = await callApi("/invitations", { key, method: "POST", body: { email: "someone@example.com", role: "member" } });
  expect(response.status).toBe(201);
  const rows = await db.auditEvent.findMany({ where: { orgId: org.id } });
  expect(rows.length).toBeGreaterThan(0);
  const secret = key.slice("lk_live_".length + 17);
  for (const row of rows) expect(JSON.stringify(row)).not.toContain(secret);
});

test("a revoked key is refused like an unknown one; an expired key says so only to whoever holds its secret (T-K3)", async () => {
  const { key, id, org, people } = await organizationWithKey(["owner"]);
  expect((await callApi("/me", { key })).status).toBe(200);
  await revokeApiKey(await requireMember(people[0]!.userId, org.id), id, testContext());
  await expectRefused(await callApi("/me", { key }));

  const second = await organizationWithKey(["owner"]);
  await db.apiKey.update({ where: { id: second.id }, data: { expiresAt: new Date(Date.now() + 1000) } });
  forgetKey(second.id);
  advanceClock(2000);
  await expectRefused(await callApi("/me", { key: second.key }), "This API key has expired. Create a new key.");
  await expectRefused(await callApi("/me", { key: generateApiKey("live", second.id).key }));
});

test("a known key's creator who left: refused with 401", async () => {
  const { key, id, people } = await organizationWithKey(["owner", "admin"]);
  expect((await callApi("/me", { key })).status).toBe(200);
  await db.membership.delete({ where: { id: people[0]!.membershipId! } });
  forgetKey(id);
  await expectRefused(await callApi("/me", { key }));
});

test("60 failed authentications from one address in a minute: the next call is 429 without looking at the key", async () => {
  const { key } = await organizationWithKey(["owner"]);
  const verified = await organizationWithKey(["owner"]);
  const ip = clientAddress();
  startOfNextMinute();
  expect((await callApi("/me", { key: verified.key, ip })).status).toBe(200);
  for (let attempt = 0; attempt < 60; attempt++) expect((await callApi("/me", { key: "lk_live_nope", ip })).status).toBe(401);
  // A key this instance verified a moment ago still works from the address (a host product
  // forwarding its clients' keys); one it would have to look up is refused unread.
  expect((await callApi("/me", { key: verified.key, ip })).status).toBe(200);
  const refused = await callApi("/me", { key, ip });
  expect(refused.status).toBe(429);
  expect(refused.headers.get("content-type")).toBe("application/problem+json");
  expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  // Another address is not affected.
  expect((await callApi("/me", { key })).status).toBe(200);
});

test("GET /me answers the key's principal and works for every access level", async () => {
  for (const access of ["read", "write", "read_write"] as const) {
    const { key, id, org, people } = await organizationWithKey(["developer"], { access, environment: "test" });
    const response = await callApi("/me", { key });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const body = await response.json();
    expect(body).toMatchObject({
      keyId: id,
      type: "integration",
      environment: "test",
      access,
      organization: { id: org.id, name: org.name },
      creator: { id: people[0]!.userId, email: people[0]!.email },
      rateLimit: { windowSeconds: 60 },
    });
    expect(JSON.stringify(body)).not.toMatch(/digest|sealed|secret/i);
  }
});

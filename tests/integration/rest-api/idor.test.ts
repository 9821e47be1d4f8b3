// IDOR across organizations and T-K6 (docs/security.md "K. API keys"): a key of organization A
// used with ids of organization B gets 404, exactly as for an id that does not exist, and
// neither organization changes; a body cannot pick another person or organization; a
// Developer's key cannot rotate or revoke a key someone else made.
import { expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { organizationState } from "../organizations/members-builders";
import { callApi, forgetKey, issueKey, organizationWithEverything, organizationWithKey } from "./api-builders";
import { ENDPOINTS } from "./endpoints";

async function everything(orgId: string) {
  const keys = await db.apiKey.findMany({ where: { orgId }, orderBy: { id: "asc" }, select: { id: true, secretDigest: true, revokedAt: true, createdById: true } });
  return { state: await organizationState(orgId), keys };
}

test("organization A's key with organization B's ids: 404 on every endpoint that takes an id, like a missing id, and nothing changes", async () => {
  const attacker = await organizationWithEverything();
  const victim = await organizationWithEverything();
  const missing = {
    membershipId: "cmissing00000000000000000",
    invitationId: "cmissing00000000000000001",
    apiKeyId: "Missing000000000",
    notificationId: "cmissing00000000000000002",
    recipientUserId: "cmissing00000000000000003",
  };
  for (const endpoint of ENDPOINTS.filter((candidate) => candidate.path.includes("{id}"))) {
    const before = [await everything(attacker.org.id), await everything(victim.org.id)];
    const foreign = await callApi(endpoint.url(victim.ids), { key: attacker.key, method: endpoint.method, body: endpoint.body?.("read_write", victim.ids) });
    const absent = await callApi(endpoint.url(missing), { key: attacker.key, method: endpoint.method, body: endpoint.body?.("read_write", missing) });
    expect(foreign.status, `${endpoint.method} ${endpoint.path}`).toBe(404);
    expect(await foreign.json()).toEqual(await absent.json());
    expect([await everything(attacker.org.id), await everything(victim.org.id)]).toEqual(before);
  }
});

test("organization B's custom role or company named in a body: refused, nothing sent", async () => {
  const attacker = await organizationWithKey(["owner"]);
  const victim = await organizationWithKey(["owner"]);
  const role = await db.role.create({ data: { orgId: victim.org.id, name: "Their role", permissions: "audit_log.view" }, select: { id: true } });
  const company = await db.company.create({ data: { orgId: victim.org.id, name: "Their company" }, select: { id: true } });
  const byRole = await callApi("/invitations", { key: attacker.key, method: "POST", body: { email: "x1@example.com", role: role.id } });
  expect(byRole.status).toBe(422);
  expect((await byRole.json()).errors).toHaveProperty("role");
  const byCompany = await callApi("/invitations", { key: attacker.key, method: "POST", body: { email: "x2@example.com", role: "member", companies: [company.id] } });
  expect(byCompany.status).toBe(404);
  expect(await db.invitation.count({ where: { orgId: { in: [attacker.org.id, victim.org.id] } } })).toBe(0);
});

test("T-K6: a key cannot be made without a key, nor for another person or organization named in the body", async () => {
  const { key, org, people } = await organizationWithKey(["owner", "admin"]);
  const other = await organizationWithKey(["owner"]);
  const body = { description: "Sneaky", environment: "live", access: "read", expires: "30d", userId: people[1]!.userId, organizationId: other.org.id };
  const before = await db.apiKey.count();
  expect((await callApi("/api-keys", { method: "POST", body })).status).toBe(401);
  const refused = await callApi("/api-keys", { key, method: "POST", body });
  expect(refused.status).toBe(422);
  expect(await db.apiKey.count()).toBe(before);
  // Without the extra fields, the key is the caller's creator's, in the caller's organization.
  const made = await callApi("/api-keys", { key, method: "POST", body: { description: "Plain", environment: "live", access: "read", expires: "30d" } });
  expect(made.status).toBe(201);
  const { apiKey } = await made.json();
  expect(await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id }, select: { orgId: true, createdById: true } })).toEqual({ orgId: org.id, createdById: people[0]!.userId });
});

test("T-K6: a Developer's key cannot rotate or revoke a key someone else made; its own it can", async () => {
  const { org, people } = await organizationWithKey(["owner", "developer", "developer"]);
  const mine = await issueKey(people[1]!, org.id);
  const theirs = await issueKey(people[2]!, org.id);
  const before = await everything(org.id);
  for (const [method, path, body] of [
    ["POST", `/api-keys/${theirs.id}/rotate`, { grace: "none" }],
    ["DELETE", `/api-keys/${theirs.id}`, undefined],
  ] as const) {
    const response = await callApi(path, { key: mine.key, method, body });
    expect(response.status).toBe(403);
    expect(JSON.stringify(await response.json())).not.toMatch(/lk_live_/);
  }
  expect(await everything(org.id)).toMatchObject({ keys: before.keys });
  expect((await callApi("/me", { key: theirs.key })).status).toBe(200);
  const rotated = await callApi(`/api-keys/${mine.id}/rotate`, { key: mine.key, method: "POST", body: { grace: "none" } });
  expect(rotated.status).toBe(200);
  expect((await rotated.json()).key).toMatch(/^lk_live_/);
});

test("a test key can only make test keys, a read key only read keys, and none outlives the calling key", async () => {
  const { key } = await organizationWithKey(["owner"], { environment: "test", access: "read_write" });
  const live = await callApi("/api-keys", { key, method: "POST", body: { description: "Live", environment: "live", access: "read" } });
  expect(live.status).toBe(403);
  expect((await live.json()).errors).toHaveProperty("environment");
  const { key: readKey } = await organizationWithKey(["owner"], { access: "read" });
  const wider = await callApi("/api-keys", { key: readKey, method: "POST", body: { description: "Wider", environment: "live", access: "read_write" } });
  // A read key is refused writes before anything else.
  expect(wider.status).toBe(403);
  const { key: shortKey, id } = await organizationWithKey(["owner"], { environment: "live" });
  await db.apiKey.update({ where: { id }, data: { expiresAt: new Date(Date.now() + 10 * 86_400_000) } });
  forgetKey(id);
  const longer = await callApi("/api-keys", { key: shortKey, method: "POST", body: { description: "Longer", environment: "live", access: "read", expires: "30d" } });
  expect(longer.status).toBe(403);
  expect((await longer.json()).errors).toHaveProperty("expiresOn");
});

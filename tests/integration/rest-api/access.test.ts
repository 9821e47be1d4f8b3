// Access levels and permission inheritance (issue 10, product.md "API keys"): a read-only key
// cannot write, a write-only key cannot read, checked before the body is looked at; a key
// never does more than its creator's role allows at the moment of the call.
import { expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { organizationState } from "../organizations/members-builders";
import { callApi, forgetKey, organizationWithEverything, organizationWithKey } from "./api-builders";
import { ENDPOINTS } from "./endpoints";

async function keyState(orgId: string) {
  return db.apiKey.findMany({ where: { orgId }, orderBy: { id: "asc" }, select: { id: true, secretDigest: true, revokedAt: true } });
}

test.each(["read", "write"] as const)("a %s key is refused (403) every call of the other kind, before its body is read, and nothing changes", async (access) => {
  const { key, org, ids } = await organizationWithEverything({ access });
  for (const endpoint of ENDPOINTS) {
    if (endpoint.kind === null || endpoint.kind === access) continue;
    const before = [await organizationState(org.id), await keyState(org.id)];
    // A body that is not even JSON: the access level answers first.
    const response = await callApi(endpoint.url(ids), {
      key,
      method: endpoint.method,
      rawBody: endpoint.body ? "{not json" : undefined,
      headers: { "content-type": "application/json" },
    });
    expect(response.status, `${endpoint.method} ${endpoint.path}`).toBe(403);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({
      status: 403,
      title: "Forbidden",
      detail: access === "read" ? "This key is read-only." : "This key is write-only: it cannot read.",
    });
    expect([await organizationState(org.id), await keyState(org.id)]).toEqual(before);
  }
});

test("a read-and-write key of an Owner may make every call; a read key every read, a write key every write; all may call GET /me", async () => {
  for (const access of ["read_write", "read", "write"] as const) {
    const { key, ids } = await organizationWithEverything({ access });
    for (const endpoint of ENDPOINTS) {
      if (endpoint.kind !== null && access !== "read_write" && endpoint.kind !== access) continue;
      const response = await callApi(endpoint.url(ids), { key, method: endpoint.method, body: endpoint.body?.(access, ids) });
      expect(response.status, `${access}: ${endpoint.method} ${endpoint.path}`).toBeLessThan(300);
    }
  }
});

test("the creator demoted to Member: the key is refused; promoted again before expiry, it works again", async () => {
  const { key, id, people } = await organizationWithKey(["owner", "owner"]);
  const creatorMembership = people[0]!.membershipId!;
  expect((await callApi("/members", { key })).status).toBe(200);

  await db.membership.update({ where: { id: creatorMembership }, data: { role: "member" } });
  forgetKey(id);
  for (const path of ["/me", "/members", "/api-keys"]) expect((await callApi(path, { key })).status).toBe(401);

  // A Developer may hold keys but not read the audit log or manage members.
  await db.membership.update({ where: { id: creatorMembership }, data: { role: "developer" } });
  forgetKey(id);
  expect((await callApi("/me", { key })).status).toBe(200);
  expect((await callApi("/api-keys", { key })).status).toBe(200);
  const refused = await callApi("/audit-log", { key });
  expect(refused.status).toBe(403);
  expect(await refused.json()).toMatchObject({ detail: "The key's creator does not have permission to do that in this organization." });
  const logged = await db.auditEvent.findFirst({ where: { action: "authorization.refused", userId: people[0]!.userId }, orderBy: { createdAt: "desc" } });
  expect(logged).toMatchObject({ apiKeyId: id });
  expect((await callApi("/invitations", { key, method: "POST", body: { email: "nobody@example.com", role: "member" } })).status).toBe(403);

  await db.membership.update({ where: { id: creatorMembership }, data: { role: "owner" } });
  forgetKey(id);
  expect((await callApi("/audit-log", { key })).status).toBe(200);
});

test("the creator removed from the organization: the key is refused, and works again if they come back before it expires", async () => {
  const { key, id, org, people } = await organizationWithKey(["admin", "owner"]);
  await db.membership.delete({ where: { id: people[0]!.membershipId! } });
  forgetKey(id);
  expect((await callApi("/me", { key })).status).toBe(401);
  await db.membership.create({ data: { orgId: org.id, userId: people[0]!.userId, role: "admin" } });
  forgetKey(id);
  expect((await callApi("/me", { key })).status).toBe(200);
});

// What the database holds of a key under each secret policy, and what verification accepts.
import { describe, expect, it } from "vitest";
import { createApiKey, revealApiKeys, revokeApiKey, rotateApiKey, setApiKeySecretPolicy } from "@/lib/api-keys/api-keys";
import { verifyApiKey } from "@/lib/api-keys/authenticate";
import { forgetApiKey } from "@/lib/api-keys/key-cache";
import { parseApiKey } from "@/lib/api-keys/key-format";
import { unsealApiKey } from "@/lib/api-keys/secrets";
import { db } from "@/lib/db/client";
import { requireMember } from "@/lib/organizations/member";
import { advanceClock } from "../../fixtures/clock";
import { createOrganization } from "../organizations/members-builders";

const context = { ipAddress: "203.0.113.7", userAgent: "vitest" };
const input = { description: "Production API Key", type: "integration", environment: "live", access: "read_write", expires: "1y" } as const;

async function ownerOfNewOrganization(roles = ["owner"]) {
  const { org, people } = await createOrganization(roles);
  return { org, people, owner: await requireMember(people[0].userId, org.id) };
}

/** Every text column of every API key row, as a dump of the database would show them. */
async function dumpKeyRows(orgId: string): Promise<string> {
  return JSON.stringify(await db.apiKey.findMany({ where: { orgId } }));
}

/** Verification as the API does it, without the cache of this process hiding a change. */
async function verify(key: string) {
  forgetApiKey(parseApiKey(key)!.keyId);
  return verifyApiKey(key);
}

describe("API key storage", () => {
  it("keeps only a keyed digest under show once: a dump holds no secret", async () => {
    const { org, owner } = await ownerOfNewOrganization();
    await setApiKeySecretPolicy(owner, "show_once", context);
    const { key } = await createApiKey(owner, input, context);
    const { secret } = parseApiKey(key)!;
    const dump = await dumpKeyRows(org.id);
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(key.slice(-20));
    const row = await db.apiKey.findFirstOrThrow({ where: { orgId: org.id } });
    expect(row.sealedKey).toBeNull();
    expect(row.secretDigest).toMatch(/^[0-9a-f]{64}$/);
    // Keyed: not the plain SHA-256 of the secret.
    const { createHash } = await import("node:crypto");
    expect(row.secretDigest).not.toBe(createHash("sha256").update(secret).digest("hex"));
    expect((await verify(key)).ok).toBe(true);
  });

  it("keeps a sealed copy under reveal that opens only for its own row and version", async () => {
    const { org, owner } = await ownerOfNewOrganization();
    const first = await createApiKey(owner, input, context);
    const second = await createApiKey(owner, { ...input, description: "Staging" }, context);
    const dump = await dumpKeyRows(org.id);
    expect(dump).not.toContain(parseApiKey(first.key)!.secret);
    const [a, b] = await Promise.all([first, second].map(({ apiKey }) => db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })));
    expect(unsealApiKey({ ...a, sealedKey: a.sealedKey! })).toBe(first.key);
    // Swapped between rows, moved to another organization, or an old version: refused.
    expect(() => unsealApiKey({ ...a, sealedKey: b.sealedKey! })).toThrow();
    expect(() => unsealApiKey({ ...a, orgId: "another", sealedKey: a.sealedKey! })).toThrow();
    expect(() => unsealApiKey({ ...a, version: a.version + 1, sealedKey: a.sealedKey! })).toThrow();
    await db.apiKey.update({ where: { id: a.id }, data: { sealedKey: b.sealedKey } });
    await expect(revealApiKeys(owner, context)).rejects.toThrow();
  });

  it("deletes every sealed copy when the organization switches to show once, and reveals nothing after", async () => {
    const { org, owner } = await ownerOfNewOrganization();
    await createApiKey(owner, input, context);
    await createApiKey(owner, { ...input, environment: "test" }, context);
    expect(await db.apiKey.count({ where: { orgId: org.id, sealedKey: { not: null } } })).toBe(2);
    expect(await setApiKeySecretPolicy(owner, "show_once", context)).toEqual({ deleted: 2 });
    expect(await db.apiKey.count({ where: { orgId: org.id, sealedKey: { not: null } } })).toBe(0);
    await expect(revealApiKeys(owner, context)).rejects.toMatchObject({ code: "CONFLICT" });
    // Switching back seals only keys made afterwards.
    await setApiKeySecretPolicy(owner, "reveal", context);
    const later = await createApiKey(owner, input, context);
    expect((await revealApiKeys(owner, context)).map((revealed) => revealed.key)).toEqual([later.key]);
    const events = await db.auditEvent.findMany({ where: { orgId: org.id, action: { in: ["organization.api_key_policy_changed", "api_key.revealed"] } } });
    expect(events.map((event) => event.action).sort()).toEqual(["api_key.revealed", "organization.api_key_policy_changed", "organization.api_key_policy_changed"]);
  });

  it("reveals to a Developer only their own keys", async () => {
    const { org, people, owner } = await ownerOfNewOrganization(["owner", "developer"]);
    const developer = await requireMember(people[1].userId, org.id);
    await createApiKey(owner, input, context);
    const own = await createApiKey(developer, { ...input, description: "Mine" }, context);
    expect((await revealApiKeys(developer, context)).map((revealed) => revealed.key)).toEqual([own.key]);
    expect(await revealApiKeys(owner, context)).toHaveLength(2);
  });
});

describe("API key verification", () => {
  it("accepts the old secret during the rotation's grace and not after it", async () => {
    const { owner } = await ownerOfNewOrganization();
    const { key: oldKey, apiKey } = await createApiKey(owner, input, context);
    const { key: newKey, apiKey: rotated } = await rotateApiKey(owner, apiKey.id, "1h", context);
    expect(rotated.id).toBe(apiKey.id);
    expect(newKey).not.toBe(oldKey);
    expect(rotated.previousSecretExpiresAt).not.toBeNull();
    expect((await verify(oldKey)).ok).toBe(true);
    expect((await verify(newKey)).ok).toBe(true);
    advanceClock(61 * 60 * 1000);
    expect(await verify(oldKey)).toMatchObject({ ok: false, reason: "unknown" });
    expect((await verify(newKey)).ok).toBe(true);
  });

  it("refuses the old secret at once after a rotation without grace", async () => {
    const { owner } = await ownerOfNewOrganization();
    const { key: oldKey, apiKey } = await createApiKey(owner, input, context);
    const { key: newKey } = await rotateApiKey(owner, apiKey.id, "none", context);
    expect(await verify(oldKey)).toMatchObject({ ok: false, reason: "unknown" });
    expect((await verify(newKey)).ok).toBe(true);
  });

  it("refuses a revoked key, an expired key and a wrong secret for a real key id", async () => {
    const { owner } = await ownerOfNewOrganization();
    const revoked = await createApiKey(owner, input, context);
    await revokeApiKey(owner, revoked.apiKey.id, context);
    expect(await verify(revoked.key)).toMatchObject({ ok: false, reason: "revoked" });

    const expiring = await createApiKey(owner, { ...input, expires: "30d" }, context);
    expect((await verify(expiring.key)).ok).toBe(true);
    for (let day = 0; day < 31; day++) advanceClock(24 * 60 * 60 * 1000 - 1);
    expect(await verify(expiring.key)).toMatchObject({ ok: false, reason: "expired" });

    const { keyId } = parseApiKey(revoked.key)!;
    const { generateApiKey } = await import("@/lib/api-keys/key-format");
    expect(await verify(generateApiKey("live", keyId).key)).toMatchObject({ ok: false, reason: "unknown" });
    expect(await verify(generateApiKey("test", keyId).key)).toMatchObject({ ok: false, reason: "unknown" });
  });

  it("refuses a wrong secret for a key it has just accepted and still holds in its cache", async () => {
    const { owner } = await ownerOfNewOrganization();
    const { key } = await createApiKey(owner, input, context);
    const { keyId } = parseApiKey(key)!;
    const { generateApiKey } = await import("@/lib/api-keys/key-format");
    expect((await verify(key)).ok).toBe(true);
    // No forgetting from here on: each call is answered from this process's cache entry.
    expect((await verifyApiKey(key)).ok).toBe(true);
    expect(await verifyApiKey(generateApiKey("live", keyId).key)).toMatchObject({ ok: false, reason: "unknown" });
    expect((await verifyApiKey(key)).ok).toBe(true);
  });

  it("follows the creator's role: refused when demoted or removed, working again when the permission returns", async () => {
    const { org, people } = await ownerOfNewOrganization(["owner", "developer"]);
    const developer = await requireMember(people[1].userId, org.id);
    const { key } = await createApiKey(developer, input, context);
    expect(await verify(key)).toMatchObject({ ok: true, principal: { member: { userId: developer.userId } } });

    await db.membership.update({ where: { id: developer.membershipId }, data: { role: "member" } });
    expect(await verify(key)).toMatchObject({ ok: false, reason: "creator_lacks_permission" });
    await db.membership.update({ where: { id: developer.membershipId }, data: { role: "developer" } });
    expect((await verify(key)).ok).toBe(true);

    await db.membership.delete({ where: { id: developer.membershipId } });
    expect(await verify(key)).toMatchObject({ ok: false, reason: "creator_lacks_permission" });
  });

  it("refuses anything malformed without a database read, and 10 KB without effort", async () => {
    for (const candidate of ["", "Bearer", "lk_live_", "x".repeat(10_240), "lk_live_AAAAAAAAAAAAAAAA_" + "A".repeat(38)]) {
      expect(await verifyApiKey(candidate)).toMatchObject({ ok: false, reason: "malformed" });
    }
  });
});

describe("API key rules", () => {
  it("refuses a custom expiry in the past or beyond a year, and a member without key permissions", async () => {
    const { org, people, owner } = await ownerOfNewOrganization(["owner", "member"]);
    await expect(createApiKey(owner, { ...input, expires: "custom", expiresOn: "2001-01-01" }, context)).rejects.toMatchObject({ code: "INVALID_INPUT" });
    const twoYears = new Date(Date.now() + 2 * 365 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    await expect(createApiKey(owner, { ...input, expires: "custom", expiresOn: twoYears }, context)).rejects.toMatchObject({ code: "INVALID_INPUT" });
    const member = await requireMember(people[1].userId, org.id);
    await expect(createApiKey(member, input, context)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.apiKey.count({ where: { orgId: org.id } })).toBe(0);
    const created = await createApiKey(owner, input, context);
    const days = (created.apiKey.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(364);
    expect(days).toBeLessThanOrEqual(365);
  });

  it("never lets a key made by another key exceed it", async () => {
    const { owner } = await ownerOfNewOrganization();
    const ceiling = { access: "read", environment: "test", expiresAt: new Date(Date.now() + 40 * 86_400_000) } as const;
    await expect(createApiKey(owner, { ...input, environment: "test", access: "read_write", expires: "30d" }, context, ceiling)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createApiKey(owner, { ...input, environment: "live", access: "read", expires: "30d" }, context, ceiling)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createApiKey(owner, { ...input, environment: "test", access: "read", expires: "90d" }, context, ceiling)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createApiKey(owner, { ...input, environment: "test", access: "read", expires: "30d" }, context, ceiling)).resolves.toMatchObject({ apiKey: { access: "read" } });
  });

  it("lets a Developer rotate and revoke only their own keys", async () => {
    const { org, people, owner } = await ownerOfNewOrganization(["owner", "developer"]);
    const developer = await requireMember(people[1].userId, org.id);
    const ownersKey = await createApiKey(owner, input, context);
    await expect(rotateApiKey(developer, ownersKey.apiKey.id, "none", context)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(revokeApiKey(developer, ownersKey.apiKey.id, context)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await verify(ownersKey.key)).ok).toBe(true);
    // An id from another organization is Not Found, as if it did not exist.
    const other = await ownerOfNewOrganization();
    await expect(revokeApiKey(other.owner, ownersKey.apiKey.id, context)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

// The per-process cache of verified keys (lib/api-keys/key-cache.ts): a change made elsewhere
// (another instance, straight in the database) reaches it within API_KEY_CACHE_MS, and no
// check waits while an old entry is read again.
import { expect, test } from "vitest";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { verifyApiKey } from "@/lib/api-keys/authenticate";
import { API_KEY_CACHE_MS, API_KEY_REFRESH_MS, forgetApiKey } from "@/lib/api-keys/key-cache";
import { parseApiKey } from "@/lib/api-keys/key-format";
import { db } from "@/lib/db/client";
import { requireMember } from "@/lib/organizations/member";
import { createOrganization } from "../organizations/members-builders";

const context = { ipAddress: "203.0.113.7", userAgent: "vitest" };
const input = { description: "Production API Key", type: "integration", environment: "live", access: "read_write", expires: "1y" } as const;

async function newKey() {
  const { org, people } = await createOrganization(["owner"]);
  const { key, apiKey } = await createApiKey(await requireMember(people[0].userId, org.id), input, context);
  forgetApiKey(apiKey.id);
  return { key, id: apiKey.id };
}

test("a key revoked on another instance is refused within a second, and no check waits while the entry is read again", async () => {
  const { key, id } = await newKey();
  const readStartedBy = performance.now();
  expect(verifyApiKey(key)).toBeInstanceOf(Promise);
  expect((await verifyApiKey(key)).ok).toBe(true);
  // Cached: answered at once.
  expect(verifyApiKey(key)).toMatchObject({ ok: true });

  // Another instance revokes it: this one is not told.
  await db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
  const checks: { at: number; waited: boolean; ok: boolean }[] = [];
  for (;;) {
    const at = performance.now() - readStartedBy;
    const answer = verifyApiKey(key);
    const waited = answer instanceof Promise;
    checks.push({ at, waited, ok: (await answer).ok });
    if (!checks.at(-1)!.ok || at > 5 * API_KEY_CACHE_MS) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const accepted = checks.filter((check) => check.ok);
  const refused = checks.at(-1)!;
  expect(refused.ok, JSON.stringify(checks)).toBe(false);
  // The old entry was trusted no longer than API_KEY_CACHE_MS after its read began…
  expect(Math.max(...accepted.map((check) => check.at))).toBeLessThan(API_KEY_CACHE_MS);
  // …and the checks made while it was read again were answered from it, not made to wait.
  const whileRefreshing = accepted.filter((check) => check.at >= API_KEY_REFRESH_MS);
  expect(whileRefreshing.length, JSON.stringify(checks)).toBeGreaterThan(0);
  expect(whileRefreshing.every((check) => !check.waited)).toBe(true);
});

test("a read that began before the key was forgotten does not put the row it read back in the cache", async () => {
  const { key } = await newKey();
  const reading = verifyApiKey(key);
  expect(reading).toBeInstanceOf(Promise);
  // The instance that changes a key forgets it as it commits, here while this read is under way:
  // the row the read returns may be the one from before the change.
  forgetApiKey(parseApiKey(key)!.keyId);
  expect((await reading).ok).toBe(true);
  expect(verifyApiKey(key)).toBeInstanceOf(Promise);
});

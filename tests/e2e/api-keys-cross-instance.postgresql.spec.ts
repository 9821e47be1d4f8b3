// Revoking or rotating an API key bites on every instance within a second (issue 10, "Speed"):
// two app instances on one PostgreSQL database. Instance B has just checked the key (so its
// in-process cache of verified keys holds it); the key is revoked, or rotated without grace,
// through instance A's /api/v1 with another key of the organization; B must not accept the key
// for a call sent 1 s or more after A's answer (the change is committed by then), without being
// told (lib/api-keys/key-cache.ts refreshes an entry after 500 ms and trusts it at most 1 s).
// What is timed is the last call B accepted, from when it was sent: the first refusal's arrival
// also holds B's read of the key, which a loaded machine can stretch past the second although
// nothing was accepted late.
import type { APIRequestContext } from "@playwright/test";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { requireMember } from "@/lib/organizations/member";
import { type AppInstance, startAppInstance } from "./support/app-instance";
import { E2E_APP_ENV, E2E_BASE_URL, E2E_PORT } from "./support/env";
import { expect, test } from "./support/fixtures";

if (!process.env.TEST_DATABASE_URL) {
  throw new Error("api-keys-cross-instance.postgresql.spec.ts needs TEST_DATABASE_URL (a PostgreSQL database both instances share).");
}

/** No instance accepts a revoked key or a replaced secret in a call sent this long after the change. */
const PROPAGATION_LIMIT_MS = 1000;
/** Polling stops here, so a key that is never refused fails with its timings rather than a timeout. */
const GIVE_UP_MS = 5000;

/**
 * Instance B: the same build, database and secrets as the suite's server (instance A), on a
 * port of each parallel worker's own (cross-instance.postgresql.spec.ts takes E2E_PORT + 50).
 */
const PORT_B_BASE = E2E_PORT + 51;
let instanceB: AppInstance | undefined;

test.describe.configure({ timeout: 60_000 });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  // B believes X-Forwarded-For from loopback, so each test's calls to it count their failed
  // authentications under an address of their own, apart from the rest of the suite.
  instanceB = await startAppInstance(PORT_B_BASE + test.info().parallelIndex, { ...E2E_APP_ENV, TRUST_PROXY: "loopback" });
});

test.afterAll(async () => {
  await instanceB?.stop();
});

const context = { ipAddress: "127.0.0.1", userAgent: "latchkey e2e fixture" };
const keyInput = { type: "integration", environment: "live", access: "read_write", expires: "1y" } as const;

/** A documentation address (RFC 5737) of this test's own. */
function ownAddress(): string {
  return `198.51.100.${1 + Math.floor(Math.random() * 254)}`;
}

/** The status GET /api/v1/me answers on an instance for a key. */
async function meStatus(request: APIRequestContext, baseURL: string, key: string, address: string): Promise<number> {
  const response = await request.get(`${baseURL}/api/v1/me`, { headers: { authorization: `Bearer ${key}`, "x-forwarded-for": address } });
  return response.status();
}

type Propagation = {
  /** When the last call B accepted was sent, in ms after the change (-Infinity: none after it). */
  lastAcceptedSentMs: number;
  /** When B's first refusal arrived, in ms after the change. */
  firstRefusalMs: number;
};

/**
 * Calls /me on B back to back while it still accepts `key`, from `since` (the change) to its
 * first 401. Any other answer fails the test.
 */
async function untilRefused(request: APIRequestContext, baseURL: string, key: string, address: string, since: number): Promise<Propagation> {
  let lastAcceptedSentMs = -Infinity;
  for (;;) {
    const sentMs = performance.now() - since;
    const status = await meStatus(request, baseURL, key, address);
    const elapsed = performance.now() - since;
    if (status === 401) return { lastAcceptedSentMs, firstRefusalMs: elapsed };
    expect(status, "B accepts the key until it learns of the change").toBe(200);
    lastAcceptedSentMs = sentMs;
    if (elapsed > GIVE_UP_MS) throw new Error(`instance B still accepted the key ${Math.round(elapsed)} ms after the change`);
  }
}

/** An Owner with two keys: one to act through A's API, one to revoke or rotate. */
async function ownerWithKeys(createUser: () => Promise<{ user: { id: string }; org: { id: string } }>) {
  const account = await createUser();
  const owner = await requireMember(account.user.id, account.org.id);
  const admin = await createApiKey(owner, { ...keyInput, description: "Automation" }, context);
  const target = await createApiKey(owner, { ...keyInput, description: "Production API Key" }, context);
  return { admin: admin.key, target: target.key, targetId: target.apiKey.id };
}

test("a key revoked through instance A is refused by instance B within a second", async ({ createUser, request }) => {
  const { admin, target, targetId } = await ownerWithKeys(createUser);
  const baseB = instanceB!.baseURL;
  const address = ownAddress();
  // B checks the key: it now holds it, verified, in memory.
  expect(await meStatus(request, baseB, target, address)).toBe(200);

  const revoked = await request.delete(`${E2E_BASE_URL}/api/v1/api-keys/${targetId}`, { headers: { authorization: `Bearer ${admin}` } });
  const revokedAt = performance.now();
  expect(revoked.status()).toBe(200);
  expect(await revoked.json()).toMatchObject({ id: targetId, status: "revoked" });

  const { lastAcceptedSentMs, firstRefusalMs } = await untilRefused(request, baseB, target, address, revokedAt);
  expect(
    lastAcceptedSentMs,
    `B last accepted the revoked key in a call sent ${Math.round(lastAcceptedSentMs)} ms after the change (first refusal at ${Math.round(firstRefusalMs)} ms)`,
  ).toBeLessThan(PROPAGATION_LIMIT_MS);
  // And both instances keep refusing it; the other key carries on.
  expect(await meStatus(request, baseB, target, address)).toBe(401);
  expect(await meStatus(request, E2E_BASE_URL, target, address)).toBe(401);
  expect(await meStatus(request, baseB, admin, address)).toBe(200);
});

test("a key rotated without grace through instance A: B refuses the old secret within a second and takes the new one", async ({ createUser, request }) => {
  const { admin, target, targetId } = await ownerWithKeys(createUser);
  const baseB = instanceB!.baseURL;
  const address = ownAddress();
  expect(await meStatus(request, baseB, target, address)).toBe(200);

  const rotated = await request.post(`${E2E_BASE_URL}/api/v1/api-keys/${targetId}/rotate`, { headers: { authorization: `Bearer ${admin}` }, data: { grace: "none" } });
  const rotatedAt = performance.now();
  expect(rotated.status()).toBe(200);
  const { key: newKey } = (await rotated.json()) as { key: string };
  expect(newKey).not.toBe(target);
  expect(newKey).toContain(`_${targetId}_`);

  const { lastAcceptedSentMs, firstRefusalMs } = await untilRefused(request, baseB, target, address, rotatedAt);
  expect(
    lastAcceptedSentMs,
    `B last accepted the old secret in a call sent ${Math.round(lastAcceptedSentMs)} ms after the change (first refusal at ${Math.round(firstRefusalMs)} ms)`,
  ).toBeLessThan(PROPAGATION_LIMIT_MS);
  // B read the key again to refuse the old secret: the new one works there at once.
  expect(await meStatus(request, baseB, newKey, address)).toBe(200);
  expect(await meStatus(request, E2E_BASE_URL, newKey, address)).toBe(200);
  expect(await meStatus(request, E2E_BASE_URL, target, address)).toBe(401);
});
